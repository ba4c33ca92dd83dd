package dev.neurite.apps.seq;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The distinct characters of a text, as token ids {@code 0..size-1} in code-point order. */
public final class CharVocabulary {
    private final int[] codePoints;

    private CharVocabulary(int[] codePoints) {
        this.codePoints = codePoints;
    }

    public static CharVocabulary of(String text) {
        return new CharVocabulary(text.codePoints().distinct().sorted().toArray());
    }

    /** Rebuilds a vocabulary saved with {@link #codePoints()}. */
    public static CharVocabulary fromCodePoints(List<? extends Number> saved) {
        return new CharVocabulary(saved.stream().mapToInt(Number::intValue).toArray());
    }

    public int size() {
        return codePoints.length;
    }

    public List<Integer> codePoints() {
        return Arrays.stream(codePoints).boxed().collect(Collectors.toList());
    }

    public long[] encode(String text) {
        return text.codePoints().mapToLong(c -> {
            int i = Arrays.binarySearch(codePoints, c);
            if (i < 0) {
                throw new IllegalArgumentException("character '" + new String(Character.toChars(c)) + "' is not in the vocabulary");
            }
            return i;
        }).toArray();
    }

    public String decode(long[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (long t : tokens) {
            sb.appendCodePoint(codePoints[Math.toIntExact(t)]);
        }
        return sb.toString();
    }
}
