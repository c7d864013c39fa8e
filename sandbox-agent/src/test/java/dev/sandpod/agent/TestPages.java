package dev.sandpod.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The web pages the browser tests visit, served by the test itself: links, a form, a tall page,
 * an alert, and two pages that never finish loading (one sends part of its body, one not even its
 * headers). Bound to the address the sandbox reaches this host on: loopback for an agent in this
 * JVM, the container's gateway for one in a container.
 */
final class TestPages implements AutoCloseable {

    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final String base;

    private TestPages(String host) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "test-pages");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
        base = "http://" + host + ":" + server.getAddress().getPort();
    }

    static TestPages start(String host) throws IOException {
        return new TestPages(host);
    }

    String url(String path) {
        return base + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/" -> page(exchange, "Sandpod test page", """
                    <h1>Sandpod test page</h1>
                    <p>Some <strong>bold</strong> text and a <a href="/second">Second page</a> link.</p>
                    <p><a href="/second" target="_blank">Open in a new tab</a></p>
                    <ul><li>first item</li><li>second item</li></ul>
                    <img src="/missing.png" alt="a picture">""");
            case "/second" -> page(exchange, "Second", "<h2>This is the second page</h2><a href=\"/\">Home</a>");
            case "/form" -> page(exchange, "Form", """
                    <form action="/submitted" method="get">
                      <label>Name <input name="name" type="text"></label>
                      <label>Color <select name="color"><option value="red">Red</option><option value="green">Green</option>
                        <option value="blue">Blue</option></select></label>
                      <label><input type="checkbox" name="agree"> Agree</label>
                      <button type="submit">Send</button>
                    </form>""");
            case "/submitted" -> {
                TreeMap<String, String> fields = new TreeMap<>();
                String query = exchange.getRequestURI().getRawQuery();
                for (String pair : query == null ? new String[0] : query.split("&")) {
                    String[] kv = pair.split("=", 2);
                    fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
                List<String> shown = new ArrayList<>();
                fields.forEach((k, v) -> shown.add(k + "=" + v));
                page(exchange, "Submitted", "<p id=\"got\">received " + String.join(";", shown) + "</p>");
            }
            case "/tall" -> page(exchange, "Tall", "<div style=\"height: 5000px\">top of a tall page</div><button>Bottom button</button>");
            case "/alert" -> page(exchange, "Alert", "<script>alert('hello'); document.title = 'Alerted';</script><p>after the alert</p>");
            case "/hang" -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                body.write("<html><head><title>Hanging</title></head><body><p>partial page</p>".getBytes(StandardCharsets.UTF_8));
                body.flush();
                hold(exchange);
            }
            case "/hang-headers" -> hold(exchange);
            default -> {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        }
    }

    private void hold(HttpExchange exchange) {
        try {
            released.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static void page(HttpExchange exchange, String title, String body) throws IOException {
        byte[] html = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>"
                + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, html.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(html);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
