package io.connectors.execution.mcp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolNamesTest {

    private static final String ALLOWED = "[A-Za-z0-9_.-]{1,128}";

    @Test
    void joinsConnectorAndOperationAndKeepsOnlyAllowedCharacters() {
        assertEquals("SOC_Jira__issues_read", ToolNames.base("SOC Jira", "issues:read"));
        assertEquals("Acme_s_CrowdStrike_EU__hosts_contain", ToolNames.base("  Acme's CrowdStrike (EU) ", "hosts:contain"));
        assertEquals("prod.siem-1__search_run", ToolNames.base("prod.siem-1", "search:run"));
        assertEquals("r_sum_Sl_ck__messages_send", ToolNames.base("résumé Sl\u00e4ck", "messages:send"));
    }

    @Test
    void aNameWithNothingLeftFallsBackToAWord() {
        assertEquals("connector__echo_read", ToolNames.base("  ::  ", "echo:read"));
        assertEquals("connector__echo_read", ToolNames.base(null, "echo:read"));
        assertEquals("x__operation", ToolNames.base("x", "::"));
    }

    @Test
    void cutsLongConnectorNamesToKeepTheWholeOperation() {
        String name = ToolNames.base("n".repeat(300), "issues:transition");
        assertEquals(ToolNames.MAX_LENGTH, name.length());
        assertTrue(name.endsWith("__issues_transition"), name);
        assertTrue(name.matches(ALLOWED));
        String longOperation = ToolNames.base("c", "o".repeat(200));
        assertTrue(longOperation.length() <= ToolNames.MAX_LENGTH && longOperation.matches(ALLOWED), longOperation);
    }

    @Test
    void clashingNamesEachGetAStableSuffixAndUniqueNamesKeepTheirBase() {
        ToolNames.Candidate a = new ToolNames.Candidate("11111111-0000-4000-8000-000000000001", "SOC Jira", "issues:read");
        ToolNames.Candidate b = new ToolNames.Candidate("11111111-0000-4000-8000-000000000002", "SOC:Jira", "issues:read");
        // Two operations of one connector can clash too: issues:read and issues_read reduce alike.
        ToolNames.Candidate c = new ToolNames.Candidate("11111111-0000-4000-8000-000000000002", "SOC:Jira", "issues_read");
        ToolNames.Candidate alone = new ToolNames.Candidate("11111111-0000-4000-8000-000000000003", "Slack", "messages:send");
        List<ToolNames.Candidate> candidates = List.of(a, b, c, alone);

        Map<ToolNames.Candidate, String> names = ToolNames.assign(candidates, Set.of());
        assertEquals("Slack__messages_send", names.get(alone));
        assertEquals(4, new HashSet<>(names.values()).size(), names.toString());
        for (ToolNames.Candidate clashing : List.of(a, b, c)) {
            assertTrue(names.get(clashing).matches("SOC_Jira__issues_read-[0-9a-f]{8}"), names.get(clashing));
        }
        List<ToolNames.Candidate> shuffled = new ArrayList<>(candidates);
        Collections.reverse(shuffled);
        assertEquals(names, ToolNames.assign(shuffled, Set.of()), "the same names whatever the order");
    }

    @Test
    void neverHandsOutAReservedNameAndStaysWithinTheLimitWithASuffix() {
        ToolNames.Candidate builtInLookalike = new ToolNames.Candidate("id-1", "executions", "get");
        ToolNames.Candidate longOne = new ToolNames.Candidate("id-2", "n".repeat(200), "op");
        ToolNames.Candidate longTwin = new ToolNames.Candidate("id-3", "n".repeat(200), "op");
        Map<ToolNames.Candidate, String> names = ToolNames.assign(List.of(builtInLookalike, longOne, longTwin), Set.of("executions__get"));
        assertNotEquals("executions__get", names.get(builtInLookalike));
        assertTrue(names.get(builtInLookalike).startsWith("executions__get-"));
        names.values().forEach(name -> assertTrue(name.matches(ALLOWED), name));
        assertNotEquals(names.get(longOne), names.get(longTwin));
    }
}
