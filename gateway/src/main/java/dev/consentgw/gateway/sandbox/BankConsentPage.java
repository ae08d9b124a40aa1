package dev.consentgw.gateway.sandbox;

import dev.consentgw.gateway.http.Html;

import java.util.List;

/**
 * The simulated bank's consent page: plain HTML that works in a browser and with curl. It shows who
 * asks for what and offers Approve and Deny, each a form posting to the simulator that owns the
 * journey, which then completes the provider's redirect chain back to the gateway.
 *
 * @param bankName the fictitious institution's name
 * @param requester who asks (the fintech's display name)
 * @param provider the provider simulated, e.g. "Yapily sandbox"
 * @param step where this page is in a multi-page journey (e.g. "Step 2 of 2"), or null
 * @param items human-readable descriptions of what is asked for
 * @param approveUrl where the Approve form posts
 * @param denyUrl where the Deny form posts
 */
public record BankConsentPage(
    String bankName,
    String requester,
    String provider,
    String step,
    List<String> items,
    String approveUrl,
    String denyUrl) {

  /** The sandbox pages' shared stylesheet (a file, so the pages hold under a strict Content-Security-Policy). */
  public static final String STYLESHEET = "/console/sandbox.css";

  public BankConsentPage {
    items = List.copyOf(items);
  }

  public String render() {
    StringBuilder list = new StringBuilder();
    for (String item : items) {
      list.append("      <li>").append(Html.escape(item)).append("</li>\n");
    }
    return """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>%1$s — share your data?</title>
          <link rel="stylesheet" href="%8$s">
        </head>
        <body>
          <p class="bank">%1$s</p>
          <p class="note">Simulated bank page (%3$s). No real bank or account is involved.</p>
        %7$s  <h1>%2$s would like to access:</h1>
          <ul>
        %4$s  </ul>
          <form method="post" action="%5$s"><button class="approve" type="submit" name="decision" value="approve">Approve</button></form>
          <form method="post" action="%6$s"><button class="deny" type="submit" name="decision" value="deny">Deny</button></form>
          <p class="note">With curl: <code>curl -i -X POST '%5$s'</code> approves, <code>curl -i -X POST '%6$s'</code> denies.</p>
        </body>
        </html>
        """.formatted(Html.escape(bankName), Html.escape(requester), Html.escape(provider), list,
        Html.escape(approveUrl), Html.escape(denyUrl),
        step == null ? "" : "<p class=\"step\">" + Html.escape(step) + "</p>\n", STYLESHEET);
  }
}
