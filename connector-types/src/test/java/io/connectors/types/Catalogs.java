package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Test support: every connector type of the build, found the way CDI finds them (the module's jandex index). */
final class Catalogs {

    static final ObjectMapper JSON = new ObjectMapper();

    private Catalogs() {
    }

    static List<ConnectorType> discoveredTypes() {
        try (InputStream in = ConnectorType.class.getResourceAsStream("/META-INF/jandex.idx")) {
            Index index = new IndexReader(in).read();
            return index.getAllKnownImplementors(DotName.createSimple(ConnectorType.class)).stream()
                    .map(Catalogs::instantiate)
                    .toList();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("No jandex index: run the build's process-classes phase first", e);
        }
    }

    static ConnectorCatalog catalog(String... disabled) {
        return new ConnectorCatalog(discoveredTypes(), () -> Optional.of(Set.of(disabled)));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ConnectorType instantiate(ClassInfo type) {
        try {
            return (ConnectorType) Class.forName(type.name().toString()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
