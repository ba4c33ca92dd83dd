package dev.neurite.rl.env;

import dev.neurite.rl.mdp.FiniteMdp;
import dev.neurite.rl.mdp.MdpEnvironment;
import dev.neurite.rl.mdp.TabularPolicy;

import java.util.Locale;

/**
 * A grid world given as a character map, one string per row: {@code .} or {@code F} free, {@code S} a start cell,
 * {@code #} a wall, {@code G} a goal (terminal, entering it pays {@code goalReward}), {@code H} a hole and {@code T} a
 * plain terminal (entering pays nothing extra). Every move pays {@code stepReward}. Actions are FrozenLake's:
 * 0 left, 1 down, 2 right, 3 up; a move into a wall or off the grid leaves the agent where it is. With
 * {@code slip} > 0 the intended move happens with probability 1 - slip and each perpendicular move with slip / 2
 * (FrozenLake's slippery ice is slip = 2/3). Each cell is a state {@code row * cols + col}; walls are unreachable
 * states marked terminal so that they carry no value. Episodes start in the {@code S} cells, or uniformly in any
 * free non-terminal cell when there is none.
 */
public final class GridWorld {
    public static final int LEFT = 0;
    public static final int DOWN = 1;
    public static final int RIGHT = 2;
    public static final int UP = 3;
    private static final int[] ROW_STEP = {0, 1, 0, -1};
    private static final int[] COL_STEP = {-1, 0, 1, 0};
    private static final String ARROWS = "\u2190\u2193\u2192\u2191";

    private final char[][] map;
    private final int rows;
    private final int cols;
    private final FiniteMdp mdp;
    private final double[] start;

    public GridWorld(String[] map, double stepReward, double goalReward, double slip, double gamma) {
        if (map.length == 0 || map[0].isEmpty()) {
            throw new IllegalArgumentException("GridWorld: expected a non-empty map");
        }
        if (!(slip >= 0 && slip <= 1)) {
            throw new IllegalArgumentException("GridWorld: expected slip in [0, 1], got " + slip);
        }
        this.rows = map.length;
        this.cols = map[0].length();
        this.map = new char[rows][];
        for (int r = 0; r < rows; r++) {
            if (map[r].length() != cols) {
                throw new IllegalArgumentException("GridWorld: expected every row of length " + cols + ", row " + r + " has "
                        + map[r].length());
            }
            for (char c : map[r].toCharArray()) {
                if (".FS#GHT".indexOf(c) < 0) {
                    throw new IllegalArgumentException("GridWorld: expected map characters from '.FS#GHT', got '" + c + "' in row " + r);
                }
            }
            this.map[r] = map[r].toCharArray();
        }
        FiniteMdp.Builder b = FiniteMdp.builder(rows * cols, 4, gamma);
        for (int s = 0; s < rows * cols; s++) {
            if (isTerminalCell(cell(s))) {
                b.terminal(s);
                continue;
            }
            for (int a = 0; a < 4; a++) {
                move(b, s, a, a, slip > 0 ? 1 - slip : 1, stepReward, goalReward);
                if (slip > 0) {
                    move(b, s, a, (a + 1) % 4, slip / 2, stepReward, goalReward);
                    move(b, s, a, (a + 3) % 4, slip / 2, stepReward, goalReward);
                }
            }
        }
        this.mdp = b.build();
        this.start = startDistribution();
    }

    /** Sutton and Barto's Example 4.1: 4x4, terminal corners, reward -1 per move, undiscounted. */
    public static GridWorld sutton4x4() {
        return new GridWorld(new String[]{"T...", "....", "....", "...T"}, -1, 0, 0, 1);
    }

    /** Gymnasium's FrozenLake-v1 4x4 map, slippery, reward 1 at the goal; gamma 0.99. */
    public static GridWorld frozenLake4x4() {
        return new GridWorld(new String[]{"SFFF", "FHFH", "FFFH", "HFFG"}, 0, 1, 2.0 / 3, 0.99);
    }

    private void move(FiniteMdp.Builder b, int s, int intended, int actual, double p, double stepReward, double goalReward) {
        int r = s / cols + ROW_STEP[actual];
        int c = s % cols + COL_STEP[actual];
        int next = r < 0 || r >= rows || c < 0 || c >= cols || map[r][c] == '#' ? s : r * cols + c;
        double reward = stepReward + (cell(next) == 'G' ? goalReward : 0);
        b.transition(s, intended, next, p, reward);
    }

    private static boolean isTerminalCell(char c) {
        return c == '#' || c == 'G' || c == 'H' || c == 'T';
    }

    private double[] startDistribution() {
        int starts = 0;
        for (int s = 0; s < rows * cols; s++) {
            starts += cell(s) == 'S' ? 1 : 0;
        }
        if (starts == 0) {
            return MdpEnvironment.uniformNonTerminal(mdp);
        }
        double[] p = new double[rows * cols];
        for (int s = 0; s < p.length; s++) {
            p[s] = cell(s) == 'S' ? 1.0 / starts : 0;
        }
        return p;
    }

    public char cell(int state) {
        return map[state / cols][state % cols];
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public FiniteMdp mdp() {
        return mdp;
    }

    /** The grid as an environment, truncated after {@code maxSteps} steps. */
    public MdpEnvironment environment(int maxSteps) {
        return new MdpEnvironment("GridWorld", mdp, start, maxSteps);
    }

    /** State values laid out as the grid (walls as {@code #}). */
    public String renderValues(double[] values) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int s = r * cols + c;
                out.append(map[r][c] == '#' ? String.format(Locale.ROOT, "%8s", "#") : String.format(Locale.ROOT, "%8.2f", values[s]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The policy's most probable action per cell as an arrow; terminal and wall cells show their map character. */
    public String renderPolicy(TabularPolicy policy) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int s = r * cols + c;
                out.append(' ').append(isTerminalCell(map[r][c]) ? map[r][c] : ARROWS.charAt(policy.action(s)));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
