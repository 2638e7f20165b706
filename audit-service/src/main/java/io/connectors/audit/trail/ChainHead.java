package io.connectors.audit.trail;

/** The last link of an org's chain: the {@code seq} and {@code hash} the next record follows. */
public record ChainHead(long seq, String hash) {

    public static final ChainHead EMPTY = new ChainHead(0, ChainRecord.GENESIS);
}
