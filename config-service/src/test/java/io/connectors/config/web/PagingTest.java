package io.connectors.config.web;

import io.connectors.platform.error.ApiException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PagingTest {

    @Test
    void defaultsToTheFirstPageOfFifty() {
        Paging paging = Paging.of(null, null);
        assertEquals(new Paging(1, 50), paging);
        assertEquals(0, paging.offset());
    }

    @Test
    void refusesOutOfRangeOrNonNumericValues() {
        for (String[] bad : new String[][] {{"0", "10"}, {"1", "0"}, {"1", "201"}, {"x", "10"}, {"1", "1e3"},
                {"-1", "10"}, {"99999999999", "10"}}) {
            assertEquals(400, assertThrows(ApiException.class, () -> Paging.of(bad[0], bad[1])).status());
        }
    }

    @Test
    void linksKeepTheFiltersAndStopAtTheEnds() {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("agent_id", "a b&c");
        filters.put("absent", null);
        Paging.Links links = new Paging(2, 10).links("/v1/connectors", filters, 25);
        assertEquals("/v1/connectors?agent_id=a+b%26c&pageSize=10&pageNumber=1", links.first());
        assertEquals("/v1/connectors?agent_id=a+b%26c&pageSize=10&pageNumber=3", links.last());
        assertEquals("/v1/connectors?agent_id=a+b%26c&pageSize=10&pageNumber=3", links.next());
        assertEquals("/v1/connectors?agent_id=a+b%26c&pageSize=10&pageNumber=1", links.previous());
        assertEquals(3, links.totalPages());
        Paging.Links last = new Paging(3, 10).links("/v1/connectors", Map.of(), 25);
        assertNull(last.next());
    }

    @Test
    void anEmptyListHasOnePage() {
        Paging.Links links = new Paging(1, 10).links("/v1/connectors", Map.of(), 0);
        assertEquals(1, links.totalPages());
        assertNull(links.next());
        assertNull(links.previous());
    }
}
