using DynamicMail.Smtp.Delivery;

namespace DynamicMail.Web.Customers;

/// <summary>
/// Plain next steps for a customer whose mail cannot be delivered now, per failure state; null when all is well.
/// <see cref="Kind"/> names the case for tests and styling.
/// </summary>
internal sealed record Guidance(string Kind, string Lead, IReadOnlyList<string> Items)
{
    public static Guidance? For(SessionView view, bool detached, string domain)
    {
        var s = view.Status;
        var port = s.Target?.Port ?? 25;
        if (detached)
        {
            return view.Queue.Messages > 0
                ? new Guidance("Disconnected", "Delivery is stopped because you disconnected.", ["Select “Connect again” to continue."])
                : null;
        }
        return s.State switch
        {
            DeliveryState.NotAnswering => new Guidance("NotAnswering",
                $"DynamicMail cannot reach your mail server at {s.Target}.",
            [
                $"Check that your mail server is running and accepts mail (SMTP) on port {port}.",
                $"If it is behind a router, forward port {port} on the router to the mail server: DynamicMail connects to the address this browser uses.",
                $"Check that no firewall blocks incoming connections to port {port}.",
                "Open this page on a computer in the same network as your mail server.",
            ]),
            DeliveryState.Paused => new Guidance("Paused",
                $"Your mail server at {s.Target} answers but refuses the mail" + (s.LastReply is { } r ? $": {r}" : "."),
            [
                $"Check that your mail server accepts mail for {domain} (it must be one of its own domains, not relayed).",
                "Check that the mailboxes the mail is addressed to exist.",
                "Check that the server does not block the address DynamicMail connects from (spam, relay or greylisting rules) and has free disk space.",
            ]),
            DeliveryState.TargetRefused => new Guidance("TargetRefused", s.Text,
            [
                "Open this page from a browser in the same network as your mail server, so that it connects through your public internet address.",
                "Or ask your provider to set a fixed delivery host for your domain.",
            ]),
            DeliveryState.Offline or DeliveryState.Waiting when view.Queue.Messages > 0 && view.Session.Current is null =>
                new Guidance("Offline", "Your mail is waiting for you.", ["Keep this page open to have it delivered."]),
            _ => null,
        };
    }
}
