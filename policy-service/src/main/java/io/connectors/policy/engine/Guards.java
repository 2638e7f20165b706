package io.connectors.policy.engine;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Translates the conjuncts of a checked CEL expression that only compare the always-present, fixed-type attributes of
 * an input (operation name, class and base risk, connector type and permitted operations, actor subject and roles,
 * org id, the sizes of those lists and of params, the UTC fields of now) with literals, test a string attribute's
 * prefix, suffix or substring, or test the presence of a key ({@code has(params.x)}, {@code 'x' in params}) into Java
 * predicates. Those comparisons cannot fail at run time, so their Java result is exactly CEL's; a rule whose guards
 * are false is therefore not matched without running the CEL interpreter at all (CEL's {@code false && x} is false
 * even when {@code x} is an error). Like OPA's rule indexing, this is what keeps a large rule set fast: most rules are
 * about some operations or connector types and are skipped in nanoseconds. Anything else (values in params,
 * timestamp arithmetic, macros, other functions) is left to the CEL runtime.
 */
final class Guards {

    private Guards() {
    }

    /** The top-level conjuncts of {@code expr}: {@code a && (b && c)} is {@code [a, b, c]}. */
    static List<CelExpr> conjuncts(CelExpr expr) {
        List<CelExpr> out = new ArrayList<>();
        collectConjuncts(expr, out);
        return out;
    }

    private static void collectConjuncts(CelExpr expr, List<CelExpr> out) {
        if (isCall(expr, "_&&_")) {
            for (CelExpr arg : expr.call().args()) {
                collectConjuncts(arg, out);
            }
        } else {
            out.add(expr);
        }
    }

    /**
     * The values {@code attributePath} ("operation.name", "connector.type") must have for {@code conjunct} to hold,
     * when the conjunct is {@code attribute == 'x'} or {@code attribute in ['x', 'y']}; else null (any value).
     */
    static Set<String> requiredValues(CelExpr conjunct, String attributePath) {
        if (isCall(conjunct, "_==_")) {
            List<CelExpr> args = conjunct.call().args();
            for (int i = 0; i < 2; i++) {
                CelExpr literal = args.get(1 - i);
                if (attributePath.equals(path(args.get(i))) && literal.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                        && literal.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                    return Set.of(literal.constant().stringValue());
                }
            }
        }
        if (isCall(conjunct, "@in") && attributePath.equals(path(conjunct.call().args().get(0)))) {
            return stringLiterals(conjunct.call().args().get(1));
        }
        return null;
    }

    /** A Java predicate with exactly CEL's result for {@code expr}, or null when {@code expr} is outside that subset. */
    static Guard compile(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE) {
            boolean value = expr.constant().booleanValue();
            return input -> value;
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && expr.select().testOnly()) {
            return presence(expr.select().operand(), expr.select().field());
        }
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return null;
        }
        if (expr.call().target().isPresent()) {
            return stringFunction(expr.call().function(), expr.call().target().get(), expr.call().args());
        }
        List<CelExpr> args = expr.call().args();
        switch (expr.call().function()) {
            case "_&&_", "_||_" -> {
                Guard left = compile(args.get(0));
                Guard right = compile(args.get(1));
                if (left == null || right == null) {
                    return null;
                }
                return expr.call().function().equals("_&&_")
                        ? input -> left.test(input) && right.test(input)
                        : input -> left.test(input) || right.test(input);
            }
            case "!_" -> {
                Guard operand = compile(args.get(0));
                return operand == null ? null : input -> !operand.test(input);
            }
            case "_==_", "_!=_" -> {
                Guard equal = equality(args.get(0), args.get(1));
                if (equal == null) {
                    equal = equality(args.get(1), args.get(0));
                }
                Guard eq = equal;
                return eq == null ? null : expr.call().function().equals("_==_") ? eq : input -> !eq.test(input);
            }
            case "_<_", "_<=_", "_>_", "_>=_" -> {
                return ordering(expr.call().function(), args.get(0), args.get(1));
            }
            case "@in" -> {
                return membership(args.get(0), args.get(1));
            }
            default -> {
                return null;
            }
        }
    }

    private static Guard equality(CelExpr attrExpr, CelExpr literal) {
        if (literal.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
            return null;
        }
        CelConstant constant = literal.constant();
        Function<DecisionInput, String> text = text(attrExpr);
        if (text != null && constant.getKind() == CelConstant.Kind.STRING_VALUE) {
            String value = constant.stringValue();
            return input -> value.equals(text.apply(input));
        }
        ToLongFunction<DecisionInput> number = number(attrExpr);
        if (number != null && constant.getKind() == CelConstant.Kind.INT64_VALUE) {
            long value = constant.int64Value();
            return input -> number.applyAsLong(input) == value;
        }
        if (number != null && constant.getKind() == CelConstant.Kind.DOUBLE_VALUE) {
            double value = constant.doubleValue();
            return input -> (double) number.applyAsLong(input) == value;
        }
        return null;
    }

    private static Guard ordering(String function, CelExpr left, CelExpr right) {
        ToLongFunction<DecisionInput> number = number(left);
        CelExpr literal = right;
        String op = function;
        if (number == null) {
            // literal OP attribute: mirror it to attribute OP' literal
            number = number(right);
            literal = left;
            op = switch (function) {
                case "_<_" -> "_>_";
                case "_<=_" -> "_>=_";
                case "_>_" -> "_<_";
                default -> "_<=_";
            };
        }
        if (number == null || literal.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
            return null;
        }
        CelConstant constant = literal.constant();
        double bound;
        if (constant.getKind() == CelConstant.Kind.INT64_VALUE) {
            bound = constant.int64Value();
        } else if (constant.getKind() == CelConstant.Kind.DOUBLE_VALUE && !Double.isNaN(constant.doubleValue())) {
            bound = constant.doubleValue();
        } else {
            return null;
        }
        // base risks and sizes are small, so comparing them as doubles is exact
        ToLongFunction<DecisionInput> value = number;
        return switch (op) {
            case "_<_" -> input -> value.applyAsLong(input) < bound;
            case "_<=_" -> input -> value.applyAsLong(input) <= bound;
            case "_>_" -> input -> value.applyAsLong(input) > bound;
            default -> input -> value.applyAsLong(input) >= bound;
        };
    }

    private static Guard membership(CelExpr element, CelExpr container) {
        Function<DecisionInput, String> text = text(element);
        if (text != null) {
            Set<String> values = stringLiterals(container);
            return values == null ? null : input -> values.contains(text.apply(input));
        }
        if (element.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || element.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            return null;
        }
        String value = element.constant().stringValue();
        if (isVariable(container, "params")) {
            return input -> input.params().containsKey(value);
        }
        Function<DecisionInput, List<String>> list = list(container);
        return list == null ? null : input -> list.apply(input).contains(value);
    }

    /** {@code has(params.x)}, {@code has(actor.username)}, ...: the activation's maps hold exactly known keys. */
    private static Guard presence(CelExpr operand, String field) {
        if (isVariable(operand, "params")) {
            return input -> input.params().containsKey(field);
        }
        if (operand.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return null;
        }
        String variable = operand.ident().name();
        return switch (variable + "." + field) {
            case "actor.username" -> input -> input.actor().username() != null;
            case "connector.agent_id" -> input -> input.connector().agentId() != null;
            case "operation.name", "operation.class", "operation.base_risk", "connector.type",
                 "connector.permitted_operations", "actor.subject", "actor.roles" -> input -> true;
            default -> List.of("operation", "connector", "actor").contains(variable) ? input -> false : null;
        };
    }

    /** {@code attr.startsWith('x')}, {@code endsWith}, {@code contains} on an always-present string attribute. */
    private static Guard stringFunction(String function, CelExpr target, List<CelExpr> args) {
        Function<DecisionInput, String> text = text(target);
        if (text == null || args.size() != 1 || args.get(0).getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || args.get(0).constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            return null;
        }
        String value = args.get(0).constant().stringValue();
        return switch (function) {
            case "startsWith" -> input -> text.apply(input).startsWith(value);
            case "endsWith" -> input -> text.apply(input).endsWith(value);
            case "contains" -> input -> text.apply(input).contains(value);
            default -> null;
        };
    }

    private static Set<String> stringLiterals(CelExpr expr) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.LIST || !expr.list().optionalIndices().isEmpty()) {
            return null;
        }
        Set<String> values = new HashSet<>();
        for (CelExpr element : expr.list().elements()) {
            if (element.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                    || element.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                return null;
            }
            values.add(element.constant().stringValue());
        }
        return Set.copyOf(values);
    }

    private static boolean isCall(CelExpr expr, String function) {
        return expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals(function)
                && expr.call().target().isEmpty();
    }

    private static boolean isVariable(CelExpr expr, String name) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(name);
    }

    /** The path ("operation.name") of {@code variable.field} or {@code variable['field']}, else null. */
    private static String path(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.IDENT) {
            return expr.ident().name();
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && !expr.select().testOnly()
                && expr.select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT) {
            return expr.select().operand().ident().name() + "." + expr.select().field();
        }
        if (isCall(expr, "_[_]") && expr.call().args().get(0).getKind() == CelExpr.ExprKind.Kind.IDENT
                && expr.call().args().get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.call().args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
            return expr.call().args().get(0).ident().name() + "." + expr.call().args().get(1).constant().stringValue();
        }
        return null;
    }

    /** An always-present string attribute. */
    private static Function<DecisionInput, String> text(CelExpr expr) {
        String path = path(expr);
        return path == null ? null : switch (path) {
            case "org_id" -> DecisionInput::orgId;
            case "operation.name" -> input -> input.operation().name();
            case "operation.class" -> input -> input.operation().operationClass();
            case "connector.type" -> input -> input.connector().type();
            case "actor.subject" -> input -> input.actor().subject();
            default -> null;
        };
    }

    /** An always-present list of strings. */
    private static Function<DecisionInput, List<String>> list(CelExpr expr) {
        String path = path(expr);
        return path == null ? null : switch (path) {
            case "connector.permitted_operations" -> input -> input.connector().permittedOperations();
            case "actor.roles" -> input -> input.actor().roles();
            default -> null;
        };
    }

    /**
     * The base risk, the size of a list attribute or of params ({@code size(x)} or {@code x.size()}), or a field of
     * {@code now} in UTC ({@code now.getHours()}...; CEL's numbering: months, days of the month and of the year count
     * from 0, Sunday is day 0 of the week, {@code getDate()} counts from 1).
     */
    private static ToLongFunction<DecisionInput> number(CelExpr expr) {
        if ("operation.base_risk".equals(path(expr))) {
            return input -> input.operation().baseRisk();
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().args().isEmpty()
                && expr.call().target().isPresent() && isVariable(expr.call().target().get(), "now")) {
            return timeField(expr.call().function());
        }
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL || !expr.call().function().equals("size")) {
            return null;
        }
        CelExpr sized = expr.call().target().orElse(expr.call().args().isEmpty() ? null : expr.call().args().get(0));
        if (sized == null || expr.call().args().size() != (expr.call().target().isPresent() ? 0 : 1)) {
            return null;
        }
        if (isVariable(sized, "params")) {
            return input -> input.params().size();
        }
        Function<DecisionInput, List<String>> list = list(sized);
        return list == null ? null : input -> list.apply(input).size();
    }

    private static ToLongFunction<DecisionInput> timeField(String function) {
        return switch (function) {
            case "getFullYear" -> input -> input.nowUtc().getYear();
            case "getMonth" -> input -> input.nowUtc().getMonthValue() - 1;
            case "getDayOfYear" -> input -> input.nowUtc().getDayOfYear() - 1;
            case "getDayOfMonth" -> input -> input.nowUtc().getDayOfMonth() - 1;
            case "getDate" -> input -> input.nowUtc().getDayOfMonth();
            case "getDayOfWeek" -> input -> input.nowUtc().getDayOfWeek().getValue() % 7;
            case "getHours" -> input -> input.nowUtc().getHour();
            case "getMinutes" -> input -> input.nowUtc().getMinute();
            case "getSeconds" -> input -> input.nowUtc().getSecond();
            case "getMilliseconds" -> input -> input.nowUtc().getNano() / 1_000_000;
            default -> null;
        };
    }
}
