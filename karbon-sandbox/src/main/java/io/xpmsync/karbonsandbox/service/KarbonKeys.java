package io.xpmsync.karbonsandbox.service;

import java.security.SecureRandom;
import java.util.Random;

/** Karbon-style keys: twelve base-62 characters, e.g. {@code 29YXnqWcqCf3}. */
public final class KarbonKeys {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Random SECURE = new SecureRandom();

    private KarbonKeys() {
    }

    public static String next() {
        return next(SECURE);
    }

    /** From a seeded generator, for deterministic sample data. */
    public static String next(Random random) {
        char[] key = new char[12];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(key);
    }
}
