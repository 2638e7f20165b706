package io.connectors.platform.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository (the realm, schemas) that tests read where they live, so there is one copy of each. */
public final class RepoFiles {

    private RepoFiles() {
    }

    public static Path root() {
        String configured = System.getProperty("connectors.repo.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "deploy"))) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy/local")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Not inside the connectors repository: set -Dconnectors.repo.root");
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
