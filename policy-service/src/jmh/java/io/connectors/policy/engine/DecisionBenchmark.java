package io.connectors.policy.engine;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decision evaluation with 100 compiled rules, in process, on one thread (so ops/s is decisions/s per core).
 * Throughput gives decisions/µs (times 10^6: decisions/s); SampleTime gives the latency distribution in µs (p99).
 * Each decision builds its input, as the request path does, and cycles through 25 operations of ten connector types.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DecisionBenchmark {

    private RuleSet realistic;
    private RuleSet worstCase;
    private List<DecisionInput> inputs;
    private int next;

    @Setup
    public void compileRules() throws PolicyCompileException {
        PolicyEngine engine = new PolicyEngine();
        realistic = new RuleSet(compile(engine, HundredRules.realistic()), Thresholds.DEFAULT);
        worstCase = new RuleSet(compile(engine, HundredRules.allNeedCel()), Thresholds.DEFAULT);
        inputs = HundredRules.inputs();
    }

    private static List<CompiledRule> compile(PolicyEngine engine, List<Rule> rules) throws PolicyCompileException {
        List<CompiledRule> compiled = new ArrayList<>();
        for (Rule rule : rules) {
            compiled.add(engine.compile(rule));
        }
        if (compiled.size() != 100) {
            throw new IllegalStateException("expected 100 rules, got " + compiled.size());
        }
        return compiled;
    }

    private DecisionInput nextInput() {
        DecisionInput template = inputs.get(next);
        next = (next + 1) % inputs.size();
        // a fresh input per decision: the CEL activation is built per request, never reused
        return new DecisionInput(template.orgId(), template.actor(), template.connector(), template.operation(),
                template.params(), template.now());
    }

    @Benchmark
    public Evaluation decideWith100Rules() {
        return realistic.evaluate(nextInput());
    }

    @Benchmark
    public Evaluation decideWith100RulesAllNeedingCel() {
        return worstCase.evaluate(nextInput());
    }
}
