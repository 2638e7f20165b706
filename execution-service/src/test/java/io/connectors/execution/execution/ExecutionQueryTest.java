package io.connectors.execution.execution;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExecutionQueryTest {

    @Test
    void defaultsToTheFirstPageOfTwenty() {
        ExecutionQuery query = ExecutionQuery.parse(null, null, null, null);
        assertEquals(20, query.pageSize());
        assertEquals(1, query.pageNumber());
    }

    @Test
    void reportsEveryBadParameterWithItsName() {
        ApiException refused = assertThrows(ApiException.class,
                () -> ExecutionQuery.parse("x' or 1=1", "done", "0", "abc"));
        assertEquals(List.of("connector_id", "status", "pageSize", "pageNumber"),
                refused.toProblem().errors().stream().map(FieldError::field).toList());
        assertThrows(ApiException.class, () -> ExecutionQuery.parse(null, null, "101", null));
    }

    @Test
    void linksPagesWithTheSameFilters() {
        ExecutionQuery query = ExecutionQuery.parse("c-1", "success", "10", "2");
        ExecutionPage page = query.page(25, List.of());
        assertEquals(3, page.totalPages());
        assertEquals(25, page.totalRecords());
        assertEquals("/v1/executions?pageSize=10&pageNumber=1&connector_id=c-1&status=success", page.firstPage());
        assertEquals("/v1/executions?pageSize=10&pageNumber=3&connector_id=c-1&status=success", page.lastPage());
        assertEquals("/v1/executions?pageSize=10&pageNumber=3&connector_id=c-1&status=success", page.nextPage());
        assertEquals("/v1/executions?pageSize=10&pageNumber=1&connector_id=c-1&status=success", page.previousPage());
    }

    @Test
    void hasNoNextPageOnTheLastOneAndOnePageWhenEmpty() {
        ExecutionPage page = ExecutionQuery.parse(null, null, null, null).page(0, List.of());
        assertEquals(1, page.totalPages());
        assertNull(page.nextPage());
        assertNull(page.previousPage());
    }
}
