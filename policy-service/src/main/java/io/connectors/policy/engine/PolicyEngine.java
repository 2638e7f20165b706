package io.connectors.policy.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelProtoAbstractSyntaxTree;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.expr.CheckedExpr;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CEL environment of org policies: variables {@code operation}, {@code connector}, {@code actor}, {@code params}
 * (maps), {@code org_id} (string) and {@code now} (timestamp); the result must be a bool. Compiling (parse and type
 * check) happens when a policy is written; the checked AST is stored, so loading a rule later needs no compilation.
 * Limits keep a hostile expression from costing much: its size, parse depth and comprehension iterations are capped.
 */
public final class PolicyEngine {

    public static final int MAX_EXPRESSION_LENGTH = 4096;
    public static final String DEFAULT_ALLOW_READ = "builtin-allow-read";
    public static final String DEFAULT_ESCALATE_DESTRUCTIVE = "builtin-escalate-destructive";

    private final Cel cel;

    public PolicyEngine() {
        MapType map = MapType.create(SimpleType.STRING, SimpleType.DYN);
        this.cel = CelFactory.standardCelBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setOptions(CelOptions.current()
                        // base_risk <= 70.5 compares numbers, as policy authors expect
                        .enableHeterogeneousNumericComparisons(true)
                        .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                        .maxParseRecursionDepth(64)
                        .comprehensionMaxIterations(1000)
                        .build())
                .addVar("operation", map)
                .addVar("connector", map)
                .addVar("actor", map)
                .addVar("params", map)
                .addVar("org_id", SimpleType.STRING)
                .addVar("now", SimpleType.TIMESTAMP)
                .setResultType(SimpleType.BOOL)
                .build();
    }

    /** Parses and type-checks the rule's expression: the one place where CEL compilation happens. */
    public CompiledRule compile(Rule rule) throws PolicyCompileException {
        CelAbstractSyntaxTree ast;
        try {
            CelValidationResult result = cel.compile(rule.expression());
            if (result.hasError()) {
                throw compileError(result.getErrors());
            }
            ast = result.getAst();
        } catch (CelValidationException e) {
            throw compileError(e.getErrors());
        } catch (RuntimeException e) {
            throw new PolicyCompileException(1, 1, "the expression cannot be compiled");
        }
        return plan(rule, ast, CelProtoAbstractSyntaxTree.fromCelAst(ast).toCheckedExpr().toByteArray());
    }

    /** A rule from its stored checked AST (see {@link CompiledRule#checkedExpr()}), without compiling again. */
    public CompiledRule load(Rule rule, byte[] checkedExpr) {
        try {
            CelAbstractSyntaxTree ast = CelProtoAbstractSyntaxTree.fromCheckedExpr(CheckedExpr.parseFrom(checkedExpr)).getAst();
            return plan(rule, ast, checkedExpr);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Stored checked expression of policy " + rule.policyId() + " is corrupt", e);
        }
    }

    private CompiledRule plan(Rule rule, CelAbstractSyntaxTree ast, byte[] checkedExpr) {
        List<Guard> guards = new ArrayList<>();
        boolean needsCel = false;
        Set<String> operationNames = null;
        Set<String> connectorTypes = null;
        for (var conjunct : Guards.conjuncts(ast.getExpr())) {
            operationNames = narrower(operationNames, Guards.requiredValues(conjunct, "operation.name"));
            connectorTypes = narrower(connectorTypes, Guards.requiredValues(conjunct, "connector.type"));
            Guard guard = Guards.compile(conjunct);
            if (guard == null) {
                needsCel = true;
            } else {
                guards.add(guard);
            }
        }
        try {
            CelRuntime.Program program = needsCel ? cel.createProgram(ast) : null;
            return new CompiledRule(rule, guards, program, checkedExpr, operationNames, connectorTypes);
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("A checked expression could not be planned: " + e.getMessage(), e);
        }
    }

    /** The tighter of two requirements (null = any value): either one must hold, so the smaller set is kept. */
    private static Set<String> narrower(Set<String> current, Set<String> required) {
        if (required == null) {
            return current;
        }
        return current == null || required.size() < current.size() ? required : current;
    }

    private static PolicyCompileException compileError(List<CelIssue> issues) {
        if (issues.isEmpty()) {
            return new PolicyCompileException(1, 1, "the expression is not valid CEL");
        }
        CelIssue first = issues.get(0);
        CelSourceLocation location = first.getSourceLocation();
        // CEL reports 1-based lines and 0-based columns
        int line = location.getLine() > 0 ? location.getLine() : 1;
        int column = location.getColumn() >= 0 ? location.getColumn() + 1 : 1;
        return new PolicyCompileException(line, column, first.getMessage());
    }

    /** The built-in policy of an org that has none: allow read operations, escalate destructive ones. */
    public List<CompiledRule> defaultRules() {
        try {
            return List.of(
                    compile(new Rule(DEFAULT_ALLOW_READ, "allow-read", "read operations are allowed",
                            "operation.class == 'read'", Effect.ALLOW, 0, 0)),
                    compile(new Rule(DEFAULT_ESCALATE_DESTRUCTIVE, "escalate-destructive",
                            "destructive operations need a human approval",
                            "operation.class == 'destructive'", Effect.ESCALATE, 0, 0)));
        } catch (PolicyCompileException e) {
            throw new IllegalStateException("The built-in policy does not compile", e);
        }
    }
}
