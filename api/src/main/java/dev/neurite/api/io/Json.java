package dev.neurite.api.io;

import dev.neurite.api.nn.Config;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader and writer on the JDK alone, for checkpoint and safetensors headers.
 *
 * <p>Reading gives {@link LinkedHashMap} (key order kept), {@link ArrayList}, {@link String}, {@link Long} for
 * integers that fit a long, {@link Double} for other numbers, {@link Boolean} and {@code null}. Comments, trailing
 * commas, leading zeros, unescaped control characters, duplicate keys and trailing text are errors. As Python's
 * {@code json} module does, {@code NaN}, {@code Infinity} and {@code -Infinity} are read and written, so a
 * training history with a diverged loss can still be saved.
 *
 * <p>Writing accepts maps (keys become strings), lists and other iterables, Java arrays, strings, numbers,
 * booleans, enums (lower-case name), {@link Config} and {@code null}.
 */
public final class Json {
    private static final int MAX_DEPTH = 512;

    private Json() {
    }

    /** Parses one JSON value. */
    public static Object parse(String text) {
        return new Reader(text).document();
    }

    /** Parses UTF-8 bytes; invalid UTF-8 and a byte order mark are errors. */
    public static Object parse(byte[] utf8) {
        return parse(decodeUtf8(utf8));
    }

    /** Parses a JSON object, failing if the document is any other kind of value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] utf8) {
        String text = decodeUtf8(utf8);
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException("expected an object at the top level, got " + kind(value), 1, 1);
        }
        return (Map<String, Object>) value;
    }

    /** Compact form, no whitespace, as {@code json.dumps(v, separators=(",", ":"))}. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, false).value(value, 0);
        return sb.toString();
    }

    /** Indented by two spaces, one member per line. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, true).value(value, 0);
        return sb.append('\n').toString();
    }

    /** A short name of a parsed value's JSON kind, for error messages. */
    public static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof Long ? "an integer" : "a number";
    }

    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            out.flip();
            int[] lc = lineColumn(out, out.length());
            throw new JsonException("invalid UTF-8 at byte " + in.position(), lc[0], lc[1]);
        }
        decoder.flush(out);
        out.flip();
        if (out.length() > 0 && out.charAt(0) == '\uFEFF') {
            throw new JsonException("unexpected byte order mark", 1, 1);
        }
        return out.toString();
    }

    private static int[] lineColumn(CharSequence text, int pos) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[]{line, col};
    }

    private static final class Reader {
        private final String s;
        private int pos;
        private int depth;

        Reader(String s) {
            this.s = s;
        }

        Object document() {
            skipSpace();
            Object v = value();
            skipSpace();
            if (pos < s.length()) {
                throw error("unexpected " + describe(pos) + " after the end of the JSON value");
            }
            return v;
        }

        private Object value() {
            if (pos >= s.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                case 'N':
                    return literal("NaN", Double.NaN);
                case 'I':
                    return literal("Infinity", Double.POSITIVE_INFINITY);
                default:
                    if (c == '-' && s.startsWith("-Infinity", pos)) {
                        return literal("-Infinity", Double.NEGATIVE_INFINITY);
                    }
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected " + describe(pos) + ", expected a value");
            }
        }

        private Map<String, Object> object() {
            enter();
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                depth--;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("unexpected " + describe(pos) + ", expected a string key");
                }
                int keyPos = pos;
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object v = value();
                if (map.containsKey(key)) {
                    pos = keyPos;
                    throw error("duplicate key \"" + key + "\"");
                }
                map.put(key, v);
                skipSpace();
                char c = peek();
                pos++;
                if (c == '}') {
                    depth--;
                    return map;
                }
                if (c != ',') {
                    pos--;
                    throw error("unexpected " + describe(pos) + ", expected ',' or '}'");
                }
            }
        }

        private List<Object> array() {
            enter();
            pos++;
            List<Object> list = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                depth--;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
                skipSpace();
                char c = peek();
                pos++;
                if (c == ']') {
                    depth--;
                    return list;
                }
                if (c != ',') {
                    pos--;
                    throw error("unexpected " + describe(pos) + ", expected ',' or ']'");
                }
            }
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
        }

        private String string() {
            pos++;
            StringBuilder sb = null;
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String r = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                    pos++;
                    return r;
                }
                if (c < 0x20) {
                    throw error("unescaped control character " + describe(pos) + " in string");
                }
                if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(s, start, pos);
                    pos++;
                    sb.append(escape());
                    start = pos;
                } else {
                    pos++;
                }
            }
        }

        private char escape() {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    return e;
                case 'b':
                    return '\b';
                case 'f':
                    return '\f';
                case 'n':
                    return '\n';
                case 'r':
                    return '\r';
                case 't':
                    return '\t';
                case 'u':
                    if (pos + 4 > s.length()) {
                        throw error("truncated \\u escape");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos), 16);
                        if (d < 0) {
                            throw error("invalid hex digit " + describe(pos) + " in \\u escape");
                        }
                        code = code * 16 + d;
                        pos++;
                    }
                    return (char) code;
                default:
                    pos -= 2;
                    throw error("invalid escape '\\" + e + "'");
            }
        }

        private Object number() {
            int start = pos;
            boolean integer = true;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
                if (Character.isDigit(peek())) {
                    pos = start;
                    throw error("leading zero in number");
                }
            } else {
                digits();
            }
            if (peek() == '.') {
                integer = false;
                pos++;
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integer = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                digits();
            }
            String text = s.substring(start, pos);
            if (integer) {
                BigInteger big = new BigInteger(text);
                if (big.bitLength() < 64) {
                    return big.longValue();
                }
            }
            return Double.parseDouble(text);
        }

        private void digits() {
            if (!Character.isDigit(peek())) {
                throw error("unexpected " + describe(pos) + " in number, expected a digit");
            }
            while (Character.isDigit(peek())) {
                pos++;
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected " + describe(pos) + ", expected a value");
            }
            pos += word.length();
            return value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("unexpected " + describe(pos) + ", expected '" + c + "'");
            }
            pos++;
        }

        /** The current character, or NUL at the end (never valid where a token is expected). */
        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private String describe(int at) {
            if (at >= s.length()) {
                return "end of input";
            }
            char c = s.charAt(at);
            return c < 0x20 || c == 0x7f ? String.format("character U+%04X", (int) c) : "'" + c + "'";
        }

        private JsonException error(String message) {
            int[] lc = lineColumn(s, pos);
            return new JsonException(message, lc[0], lc[1]);
        }
    }

    private static final class Writer {
        private final StringBuilder sb;
        private final boolean pretty;

        Writer(StringBuilder sb, boolean pretty) {
            this.sb = sb;
            this.pretty = pretty;
        }

        void value(Object v, int indent) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String str) {
                string(str);
            } else if (v instanceof Boolean) {
                sb.append(v);
            } else if (v instanceof Double || v instanceof Float) {
                floating(((Number) v).doubleValue(), v instanceof Float ? Float.toString((Float) v) : v.toString());
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                    || v instanceof BigInteger || v instanceof BigDecimal) {
                sb.append(v);
            } else if (v instanceof Config c) {
                value(c.asMap(), indent);
            } else if (v instanceof Map<?, ?> m) {
                object(m, indent);
            } else if (v instanceof Iterable<?> it) {
                List<Object> items = new ArrayList<>();
                it.forEach(items::add);
                array(items, indent);
            } else if (v.getClass().isArray()) {
                List<Object> items = new ArrayList<>();
                for (int i = 0, n = Array.getLength(v); i < n; i++) {
                    items.add(Array.get(v, i));
                }
                array(items, indent);
            } else if (v instanceof Enum<?> e) {
                string(e.name().toLowerCase(java.util.Locale.ROOT));
            } else {
                throw new IllegalArgumentException("Json.write: cannot write a value of type " + v.getClass().getName()
                        + " (" + v + "); use maps, lists, arrays, strings, numbers, booleans or null");
            }
        }

        private void floating(double d, String text) {
            if (Double.isNaN(d)) {
                sb.append("NaN");
            } else if (Double.isInfinite(d)) {
                sb.append(d > 0 ? "Infinity" : "-Infinity");
            } else {
                sb.append(text);
            }
        }

        private void object(Map<?, ?> m, int indent) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(indent + 1);
                string(String.valueOf(e.getKey()));
                sb.append(pretty ? ": " : ":");
                value(e.getValue(), indent + 1);
            }
            newline(indent);
            sb.append('}');
        }

        private void array(List<Object> items, int indent) {
            if (items.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(indent + 1);
                value(items.get(i), indent + 1);
            }
            newline(indent);
            sb.append(']');
        }

        private void newline(int indent) {
            if (pretty) {
                sb.append('\n');
                sb.append("  ".repeat(indent));
            }
        }

        private void string(String str) {
            sb.append('"');
            for (int i = 0; i < str.length(); i++) {
                char c = str.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
