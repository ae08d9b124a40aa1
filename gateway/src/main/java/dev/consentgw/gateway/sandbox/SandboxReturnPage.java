package dev.consentgw.gateway.sandbox;

import dev.consentgw.gateway.http.Html;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /sandbox/return}: stands in for the demo fintech's own page that the gateway redirects
 * the user back to, showing what the redirect carried.
 */
public final class SandboxReturnPage implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext rc) {
    StringBuilder rows = new StringBuilder();
    for (String name : new String[] {"consentId", "status", "state", "error"}) {
      String value = rc.request().getParam(name);
      if (value != null) {
        rows.append("<tr><th>").append(name).append("</th><td><code>").append(Html.escape(value))
            .append("</code></td></tr>\n");
      }
    }
    String consentId = rc.request().getParam("consentId");
    String next = consentId == null ? "" : "<p>Confirm with: <code>curl -H 'Authorization: Bearer &lt;api key&gt;' "
        + Html.escape(rc.request().scheme() + "://" + rc.request().authority()) + "/v1/consents/"
        + Html.escape(consentId) + "</code></p>";
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end("""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Back at the demo fintech</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}th{text-align:left;padding-right:1rem}</style>
        </head>
        <body>
          <h1>Back at the demo fintech</h1>
          <p>The gateway redirected you here with:</p>
          <table>
        %s  </table>
          %s
        </body>
        </html>
        """.formatted(rows, next));
  }
}
