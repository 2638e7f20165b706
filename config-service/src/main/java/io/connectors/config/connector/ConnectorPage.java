package io.connectors.config.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** One page of an org's connectors, ordered by creation, with relative links carrying the same filters. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConnectorPage(
        List<ConnectorDto> configs,
        long total,
        @JsonProperty("page_number") int pageNumber,
        @JsonProperty("page_size") int pageSize,
        @JsonProperty("total_pages") int totalPages,
        @JsonProperty("first_page") String firstPage,
        @JsonProperty("last_page") String lastPage,
        @JsonProperty("next_page") String nextPage,
        @JsonProperty("previous_page") String previousPage) {
}
