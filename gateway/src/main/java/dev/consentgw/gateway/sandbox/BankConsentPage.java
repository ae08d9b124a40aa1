package dev.consentgw.gateway.sandbox;

import dev.consentgw.gateway.http.Html;

import java.util.List;

/**
 * The simulated bank's consent page: plain HTML that works in a browser and with curl. It shows who
 * asks for what and offers Approve and Deny, each a form posting to the simulator that owns the
 * journey, which then completes the provider's redirect chain back to the gateway.
 *
 * @param bankName the fictitious institution's name
 * @param requester who asks (the provider's application on behalf of the fintech)
 * @param provider the provider simulated, e.g. "Yapily sandbox"
 * @param items human-readable descriptions of what is asked for
 * @param approveUrl where the Approve form posts
 * @param denyUrl where the Deny form posts
 */
public record BankConsentPage(
    String bankName,
    String requester,
    String provider,
    List<String> items,
    String approveUrl,
    String denyUrl) {

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
          <style>
            body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; padding: 0 1rem; color: #1d2733; }
            .bank { font-size: 1.4rem; font-weight: 700; }
            .note { color: #5b6877; font-size: .9rem; }
            form { display: inline; }
            button { font-size: 1rem; padding: .6rem 1.4rem; margin-right: .6rem; border-radius: .4rem; border: 1px solid #1d2733; cursor: pointer; }
            .approve { background: #1d6b3a; color: #fff; border-color: #1d6b3a; }
          </style>
        </head>
        <body>
          <p class="bank">%1$s</p>
          <p class="note">Simulated bank page (%3$s). No real bank or account is involved.</p>
          <h1>%2$s would like to access:</h1>
          <ul>
        %4$s  </ul>
          <form method="post" action="%5$s"><button class="approve" type="submit" name="decision" value="approve">Approve</button></form>
          <form method="post" action="%6$s"><button class="deny" type="submit" name="decision" value="deny">Deny</button></form>
          <p class="note">With curl: <code>curl -i -X POST '%5$s'</code> approves, <code>curl -i -X POST '%6$s'</code> denies.</p>
        </body>
        </html>
        """.formatted(Html.escape(bankName), Html.escape(requester), Html.escape(provider), list,
        Html.escape(approveUrl), Html.escape(denyUrl));
  }
}
