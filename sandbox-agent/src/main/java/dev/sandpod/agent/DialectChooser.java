package dev.sandpod.agent;

import dev.sandpod.api.agent.Action;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Picks the wire dialect of each request: the {@value WireDialect#HEADER} header when sent, else
 * the agent's {@code --dialect} when it is not {@code auto}, else what the action's arguments give
 * away ({@link WireDialect#markedBy}), else what a plugin action's type implies
 * ({@link WireDialect#impliedBy}: a cell or browse without its 2025 argument is answered as 2024),
 * else the dialect the last marked request had (a client keeps to one era, and some of its
 * actions, like a 2024 {@code read} from a client that sent no {@code thought}, carry no mark),
 * else 2025. Every executor answers in the dialect chosen here, the plugins included.
 */
final class DialectChooser {

    private final WireDialect forced;
    private final AtomicReference<WireDialect> lastMarked = new AtomicReference<>(WireDialect.OPENHANDS_2025);

    /** @param forced the agent's {@code --dialect}, or null for {@code auto} */
    DialectChooser(WireDialect forced) {
        this.forced = forced;
    }

    /** @throws ActionService.BadRequest for a header that names no dialect */
    WireDialect choose(Action action, Optional<String> header) throws ActionService.BadRequest {
        if (header.isPresent()) {
            return WireDialect.parse(header.get()).orElseThrow(() -> new ActionService.BadRequest("Header "
                    + WireDialect.HEADER + " must be 2024 or 2025 (the OpenHands era to answer in), got '" + header.get() + "'."));
        }
        if (forced != null) {
            return forced;
        }
        Optional<WireDialect> marked = WireDialect.markedBy(action);
        marked.ifPresent(lastMarked::set);
        return marked.or(() -> WireDialect.impliedBy(action)).orElseGet(lastMarked::get);
    }
}
