package io.connectors.execution.mcp;

import io.connectors.platform.security.Caller;

/**
 * The verified caller of an MCP request and, when its token names one ({@code agent_id} claim), the agent it acts as:
 * such a caller sees and calls only the connectors bound to that agent.
 */
record McpCaller(Caller caller, String agentId) {

    static final String AGENT_CLAIM = "agent_id";

    String orgId() {
        return caller.orgId();
    }

    /** The cache key of what this caller may see. */
    String scope() {
        return agentId == null ? caller.orgId() : caller.orgId() + "/" + agentId;
    }
}
