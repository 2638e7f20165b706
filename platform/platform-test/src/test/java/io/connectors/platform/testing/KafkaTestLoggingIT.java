package io.connectors.platform.testing;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test broker and Kafka's clients log warnings only: their INFO lines flooded every module's CI log. */
class KafkaTestLoggingIT {

    @Test
    void theBrokerAndClientLoggersAreAtWarnOnceTheBrokerRuns() {
        KafkaServer.get();
        for (String name : new String[]{"kafka.server.BrokerServer", "kafka.controller", "state.change.logger",
                "org.apache.kafka.clients.consumer.ConsumerConfig", "org.apache.kafka.common.utils.AppInfoParser"}) {
            Logger logger = Logger.getLogger(name);
            assertFalse(logger.isLoggable(Level.INFO), name + " logs INFO");
            assertTrue(logger.isLoggable(Level.WARNING), name + " must still log warnings");
        }
    }

    @Test
    void everyServiceUnderTestGetsTheSameLevelsAsLogCategories() {
        var config = RealServers.quietKafkaLogs();
        assertEquals("WARN", config.get("quarkus.log.category.\"kafka\".level"));
        assertEquals("WARN", config.get("quarkus.log.category.\"org.apache.kafka\".level"));
        assertEquals("WARN", config.get("quarkus.log.category.\"state.change.logger\".level"));
    }
}
