package dev.neurite.api.data;

import java.util.Iterator;

/** The batches of one epoch as arrays; closing stops whatever produces them. */
interface BatchStream extends Iterator<BatchArrays>, AutoCloseable {
    @Override
    void close();
}
