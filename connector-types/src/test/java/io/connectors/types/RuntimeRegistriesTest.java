package io.connectors.types;

import io.connectors.types.runtime.ConnectivityCheck;
import io.connectors.types.runtime.ConnectivityChecks;
import io.connectors.types.runtime.OperationHandler;
import io.connectors.types.runtime.OperationHandlers;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handler beans of the build, found as CDI finds them, against the catalog: no operation or type left out. */
class RuntimeRegistriesTest {

    private final ConnectorCatalog catalog = Catalogs.catalog();

    @Test
    void findsAHandlerForEveryOperationOfEveryServedMajorVersion() {
        OperationHandlers handlers = new OperationHandlers(beans(OperationHandler.class), catalog);

        int operations = 0;
        for (ConnectorTypeDefinition type : catalog.all()) {
            for (ConnectorTypeDefinition version : catalog.versions(type.id())) {
                for (OperationDefinition operation : version.operations()) {
                    OperationHandler handler = handlers.find(version.id(), operation.name()).orElseThrow();
                    assertEquals(operation.name(), handler.operation());
                    operations++;
                }
            }
        }
        assertTrue(operations >= 26, "every catalog operation: " + operations);
        assertTrue(handlers.find("jira", "issues:delete").isEmpty());
        assertTrue(handlers.find("nosuchtype", "issues:read").isEmpty());
    }

    @Test
    void refusesToStartWhenAnOperationHasNoHandler() {
        List<OperationHandler> all = new ArrayList<>(beans(OperationHandler.class));
        all.removeIf(handler -> handler.typeId().equals("crowdstrike") && handler.operation().equals("hosts:contain"));

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new OperationHandlers(all, catalog));

        assertTrue(error.getMessage().contains("no handler for crowdstrike hosts:contain"), error.getMessage());
    }

    @Test
    void refusesToStartWithTwoHandlersForOneOperation() {
        List<OperationHandler> all = new ArrayList<>(beans(OperationHandler.class));
        all.add(all.get(0));

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new OperationHandlers(all, catalog));

        assertTrue(error.getMessage().contains("two handlers for " + all.get(0).typeId() + " " + all.get(0).operation()), error.getMessage());
    }

    @Test
    void findsAConnectivityCheckForEveryTypeAndRefusesToStartWithoutOne() {
        ConnectivityChecks checks = new ConnectivityChecks(beans(ConnectivityCheck.class), catalog);
        for (ConnectorTypeDefinition type : catalog.all()) {
            assertEquals(type.id(), checks.find(type.id()).orElseThrow().typeId());
        }
        assertTrue(checks.find(null).isEmpty());

        List<ConnectivityCheck> withoutSlack = new ArrayList<>(beans(ConnectivityCheck.class));
        withoutSlack.removeIf(check -> check.typeId().equals("slack"));
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new ConnectivityChecks(withoutSlack, catalog));
        assertTrue(error.getMessage().contains("no connectivity check for slack"), error.getMessage());
    }

    /** Every concrete implementation in the module's jandex index; their clients are not needed to name them. */
    private static <T> List<T> beans(Class<T> type) {
        try (InputStream in = type.getResourceAsStream("/META-INF/jandex.idx")) {
            Index index = new IndexReader(in).read();
            List<T> beans = new ArrayList<>();
            for (ClassInfo info : index.getAllKnownImplementors(DotName.createSimple(type))) {
                if (!java.lang.reflect.Modifier.isAbstract(info.flags())) {
                    beans.add(type.cast(instantiate(Class.forName(info.name().toString()))));
                }
            }
            return beans;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object instantiate(Class<?> bean) {
        try {
            Constructor<?> constructor = bean.getDeclaredConstructors()[0];
            constructor.setAccessible(true);
            return constructor.newInstance(new Object[constructor.getParameterCount()]);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(bean.getName(), e);
        }
    }
}
