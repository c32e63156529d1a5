package io.xpmsync.xpmsandbox.identity;

/** The sandbox's sign-in and consent page, plain accessible HTML (labels, one form, keyboard-friendly). */
final class LoginPage {

    private LoginPage() {
    }

    static String render(AuthorizeRequest request, String error) {
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Sign in to Xero Practice Manager (sandbox)</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
                label{display:block;margin-top:1rem}input{width:100%%;padding:.4rem;font-size:1rem}
                button{margin-top:1.2rem;padding:.5rem 1rem;font-size:1rem}.error{color:#b00020}</style></head>
                <body>
                <main>
                <h1>Xero Practice Manager (sandbox)</h1>
                <p>The app <strong>%s</strong> asks to reach your practices with the scopes <code>%s</code>.</p>
                %s
                <form method="post" action="/identity/connect/authorize">
                  %s
                  <label for="email">Email</label>
                  <input id="email" name="email" type="email" autocomplete="username" required autofocus>
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required>
                  <button type="submit" name="decision" value="allow">Allow access</button>
                  <button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
                </form>
                </main>
                </body>
                </html>
                """.formatted(html(request.clientId()), html(request.scope()), error == null ? ""
                : "<p class=\"error\" role=\"alert\">" + html(error) + "</p>", hidden(request));
    }

    /** Xero's consent screen for a user with several practices: which of them the app may reach. */
    static String choose(AuthorizeRequest request, String consent,
                         java.util.List<io.xpmsync.xpmsandbox.persistence.PracticeEntity> practices) {
        StringBuilder boxes = new StringBuilder();
        for (var p : practices) {
            String id = "tenant-" + p.tenantId;
            boxes.append("<div><input type=\"checkbox\" name=\"tenantId\" id=\"").append(id).append("\" value=\"")
                    .append(p.tenantId).append("\"> <label for=\"").append(id).append("\" style=\"display:inline\">")
                    .append(html(p.name)).append("</label></div>");
        }
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Choose practices (sandbox)</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body>
                <main>
                <h1>Which practices may <strong>%s</strong> reach?</h1>
                <form method="post" action="/identity/connect/authorize">
                  %s
                  <input type="hidden" name="consent" value="%s">
                  <fieldset><legend>Your practices</legend>%s</fieldset>
                  <button type="submit" name="decision" value="allow">Allow access</button>
                  <button type="submit" name="decision" value="deny">Cancel</button>
                </form>
                </main>
                </body>
                </html>
                """.formatted(html(request.clientId()), hidden(request), html(consent), boxes);
    }

    /** The request's fields, carried from page to page (the PKCE challenge only when the app sent one). */
    private static String hidden(AuthorizeRequest request) {
        StringBuilder fields = new StringBuilder();
        field(fields, "client_id", request.clientId());
        field(fields, "redirect_uri", request.redirectUri());
        field(fields, "scope", request.scope());
        field(fields, "state", request.state());
        if (request.hasChallenge()) {
            field(fields, "code_challenge", request.codeChallenge());
            field(fields, "code_challenge_method", request.codeChallengeMethod());
        }
        return fields.toString();
    }

    private static void field(StringBuilder fields, String name, String value) {
        fields.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(html(value))
                .append("\">");
    }

    private static String html(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
