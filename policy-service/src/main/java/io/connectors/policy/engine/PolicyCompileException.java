package io.connectors.policy.engine;

/** A CEL expression that does not parse or type-check; {@code line} and {@code column} are 1-based. */
public class PolicyCompileException extends Exception {

    private final int line;
    private final int column;

    public PolicyCompileException(int line, int column, String message) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** "line 1, column 12: found no matching overload ...": what a policy author needs to fix the expression. */
    public String describe() {
        return "line " + line + ", column " + column + ": " + getMessage();
    }
}
