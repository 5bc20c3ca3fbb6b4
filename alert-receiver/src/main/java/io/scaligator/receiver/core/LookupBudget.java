package io.scaligator.receiver.core;

/**
 * How many Kubernetes API lookups one request may still cause. One webhook naming thousands of made-up pods must
 * not turn into thousands of API calls; alerts past the budget are recorded unmapped, saying so.
 */
public final class LookupBudget {

    private final int limit;
    private int left;

    public LookupBudget(int limit) {
        this.limit = limit;
        this.left = limit;
    }

    /** For callers outside a request, such as a direct lookup. */
    public static LookupBudget unlimited() {
        return new LookupBudget(Integer.MAX_VALUE);
    }

    /** Takes one lookup; false when none is left. */
    public boolean take() {
        if (left == 0) {
            return false;
        }
        left--;
        return true;
    }

    /** The reason given to alerts that found the budget spent. */
    public String spentReason() {
        return "not looked up: this request already used its " + limit + " pod lookups";
    }
}
