package io.connectors.execution.execution;

import java.util.List;

/** One page of executions, with the paging fields and links of the Atmos connectors list. */
public record ExecutionPage(
        int pageNumber,
        int pageSize,
        String firstPage,
        String lastPage,
        int totalPages,
        long totalRecords,
        String nextPage,
        String previousPage,
        List<ExecutionView> data) {
}
