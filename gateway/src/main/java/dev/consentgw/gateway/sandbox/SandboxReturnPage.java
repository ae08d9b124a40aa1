package dev.consentgw.gateway.sandbox;

import dev.consentgw.gateway.http.Html;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /sandbox/return}: stands in for the demo fintech's own page that the gateway redirects
 * the user back to: it says in a sentence how the journey ended and shows what the redirect carried.
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
    String next = consentId == null ? "" : "<p>Check it with: <code>curl -H \"Authorization: Bearer $KEY\" "
        + Html.escape(rc.request().scheme() + "://" + rc.request().authority()) + "/v1/consents/"
        + Html.escape(consentId) + "</code> (<code>$KEY</code> is your API key; the sandbox's demo key is"
        + " printed when the gateway starts).</p>";
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end("""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Back at the demo fintech</title>
        <link rel="stylesheet" href="%s">
        </head>
        <body>
          <h1>Back at the demo fintech</h1>
          <p class="outcome">%s</p>
          <p>The gateway redirected you here with:</p>
          <table>
        %s  </table>
          %s
        </body>
        </html>
        """.formatted(BankConsentPage.STYLESHEET, Html.escape(outcome(rc.request().getParam("status"),
            rc.request().getParam("error"))), rows, next));
  }

  /** One sentence a user understands, from the redirect's status and error. */
  static String outcome(String status, String error) {
    if ("authorized".equals(status)) {
      return "You approved access at the bank: the consent is authorised and the fintech can now read the data"
          + " you agreed to share.";
    }
    if ("rejected".equals(status) || "access_denied".equals(error)) {
      return "You declined at the bank, so no data will be shared. Nothing else changed; you can start again"
          + " at any time.";
    }
    if ("awaiting_authorization".equals(status) && error == null) {
      return "Your bank asks you to approve in its banking app: open the app and approve the request there."
          + " The fintech sees the consent as authorised once you have.";
    }
    if ("failed".equals(status)) {
      return "The bank could not complete the consent" + (error == null ? "" : " (" + error + ")")
          + ", so no data will be shared. Try again, or choose another bank.";
    }
    return "You are back from the bank; the consent's status is " + (status == null ? "unknown" : status) + ".";
  }
}
