package dev.neurite.rl.mdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A finite MDP (S, A, P, R, gamma): states {@code 0..states-1}, actions {@code 0..actions-1}, and for every
 * non-terminal state and action the list of {@link Outcome}s (s', P(s'|s,a), R(s,a,s')). Terminal states have value 0
 * and no outcomes. The Markov property is built in: outcomes depend on (s, a) only.
 */
public final class FiniteMdp {
    /** One possible result of taking an action: the next state, its probability, and the reward of that transition. */
    public record Outcome(int next, double probability, double reward) {
    }

    private static final double TOLERANCE = 1e-9;

    private final int states;
    private final int actions;
    private final double gamma;
    private final boolean[] terminal;
    private final List<List<List<Outcome>>> outcomes;

    private FiniteMdp(Builder b) {
        this.states = b.states;
        this.actions = b.actions;
        this.gamma = b.gamma;
        this.terminal = b.terminal.clone();
        List<List<List<Outcome>>> all = new ArrayList<>(states);
        for (int s = 0; s < states; s++) {
            List<List<Outcome>> byAction = new ArrayList<>(actions);
            for (int a = 0; a < actions; a++) {
                List<Outcome> o = b.outcomes.get(s).get(a);
                double total = o.stream().mapToDouble(Outcome::probability).sum();
                if (terminal[s] && !o.isEmpty()) {
                    throw new IllegalArgumentException("FiniteMdp: terminal state " + s + " must have no outcomes, action " + a
                            + " has " + o.size());
                }
                if (!terminal[s] && Math.abs(total - 1) > TOLERANCE) {
                    throw new IllegalArgumentException("FiniteMdp: expected P(.|s=" + s + ", a=" + a + ") to sum to 1, got " + total);
                }
                byAction.add(List.copyOf(o));
            }
            all.add(Collections.unmodifiableList(byAction));
        }
        this.outcomes = Collections.unmodifiableList(all);
    }

    public static Builder builder(int states, int actions, double gamma) {
        return new Builder(states, actions, gamma);
    }

    public int states() {
        return states;
    }

    public int actions() {
        return actions;
    }

    public double gamma() {
        return gamma;
    }

    public boolean isTerminal(int state) {
        return terminal[checkState("FiniteMdp.isTerminal", state)];
    }

    /** The outcomes of action {@code a} in state {@code s}; empty for a terminal state. */
    public List<Outcome> outcomes(int s, int a) {
        checkState("FiniteMdp.outcomes", s);
        checkAction("FiniteMdp.outcomes", a);
        return outcomes.get(s).get(a);
    }

    /** P(s'|s,a). */
    public double probability(int s, int a, int next) {
        checkState("FiniteMdp.probability", next);
        return outcomes(s, a).stream().filter(o -> o.next() == next).mapToDouble(Outcome::probability).sum();
    }

    /** r(s,a) = sum over s' of P(s'|s,a) R(s,a,s'). */
    public double expectedReward(int s, int a) {
        return outcomes(s, a).stream().mapToDouble(o -> o.probability() * o.reward()).sum();
    }

    /** The one-step lookahead q(s,a) = sum over s' of P(s'|s,a) (R(s,a,s') + gamma v(s')); 0 in a terminal state. */
    public double q(double[] values, int s, int a) {
        if (values.length != states) {
            throw new IllegalArgumentException("FiniteMdp.q: expected " + states + " state values, got " + values.length);
        }
        double q = 0;
        for (Outcome o : outcomes(s, a)) {
            q += o.probability() * (o.reward() + gamma * values[o.next()]);
        }
        return q;
    }

    int checkState(String operation, int s) {
        if (s < 0 || s >= states) {
            throw new IllegalArgumentException(operation + ": expected a state in 0.." + (states - 1) + ", got " + s);
        }
        return s;
    }

    int checkAction(String operation, int a) {
        if (a < 0 || a >= actions) {
            throw new IllegalArgumentException(operation + ": expected an action in 0.." + (actions - 1) + ", got " + a);
        }
        return a;
    }

    /** Collects outcomes; {@link #build()} checks that every non-terminal (s, a) has probabilities summing to 1. */
    public static final class Builder {
        private final int states;
        private final int actions;
        private final double gamma;
        private final boolean[] terminal;
        private final List<List<List<Outcome>>> outcomes = new ArrayList<>();

        private Builder(int states, int actions, double gamma) {
            if (states < 1 || actions < 1) {
                throw new IllegalArgumentException("FiniteMdp: expected at least one state and one action, got " + states
                        + " states and " + actions + " actions");
            }
            if (!(gamma >= 0 && gamma <= 1)) {
                throw new IllegalArgumentException("FiniteMdp: expected a discount gamma in [0, 1], got " + gamma);
            }
            this.states = states;
            this.actions = actions;
            this.gamma = gamma;
            this.terminal = new boolean[states];
            for (int s = 0; s < states; s++) {
                List<List<Outcome>> byAction = new ArrayList<>();
                for (int a = 0; a < actions; a++) {
                    byAction.add(new ArrayList<>());
                }
                outcomes.add(byAction);
            }
        }

        public Builder terminal(int s) {
            check("terminal", s, states, "state");
            terminal[s] = true;
            return this;
        }

        /** Adds P(next|s,a) = probability with reward R(s,a,next); outcomes to the same next state add up. */
        public Builder transition(int s, int a, int next, double probability, double reward) {
            check("transition", s, states, "state");
            check("transition", a, actions, "action");
            check("transition", next, states, "next state");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("FiniteMdp.transition: expected a probability in [0, 1], got " + probability);
            }
            if (!Double.isFinite(reward)) {
                throw new IllegalArgumentException("FiniteMdp.transition: expected a finite reward, got " + reward);
            }
            if (probability > 0) {
                outcomes.get(s).get(a).add(new Outcome(next, probability, reward));
            }
            return this;
        }

        private static void check(String op, int i, int n, String what) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("FiniteMdp." + op + ": expected a " + what + " in 0.." + (n - 1) + ", got " + i);
            }
        }

        public FiniteMdp build() {
            return new FiniteMdp(this);
        }
    }
}
