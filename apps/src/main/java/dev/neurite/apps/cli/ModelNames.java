package dev.neurite.apps.cli;

import dev.neurite.apps.models.Models;

import java.util.Iterator;

/** Completion candidates for model names. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Models.NAMES.iterator();
    }
}
