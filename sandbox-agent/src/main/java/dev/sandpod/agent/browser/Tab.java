package dev.sandpod.agent.browser;

/**
 * One page target of the browser (a tab), as its DevTools events describe it. Fields are updated
 * by the connection's event thread and read by the action's thread, always under the browser's lock.
 */
final class Tab {

    final String targetId;
    String sessionId;
    String url = "about:blank";
    String title = "";
    /** Whether the main frame is loading (between frameStartedLoading and frameStoppedLoading). */
    boolean loading;
    /** Grows with every navigation the main frame starts; an action that navigated changed it. */
    long navigations;

    Tab(String targetId) {
        this.targetId = targetId;
    }
}
