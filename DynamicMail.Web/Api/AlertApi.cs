using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Domains;

namespace DynamicMail.Web.Api;

/// <summary><c>GET /api/v1/domains/{name}/alerts</c>: the alerts a domain's customer was sent (issue #18), newest first.</summary>
internal static class AlertApi
{
    public static void MapAlertApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/domains/{name}/alerts", async (string name, IDomainDirectory domains, IAlertHistory alerts, CancellationToken ct) =>
                domains.FindByName(name) is not { } d
                    ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown domain", detail: $"There is no domain named {name}.")
                    : Results.Ok((await alerts.OfAsync(d.Name, ct).ConfigureAwait(false)).Select(AlertView.From).ToList()))
            .RequireAuthorization(ApiKeyHandler.Policy).WithTags("Domains")
            .WithSummary("The alerts sent to the domain's customer (mail waiting, mail about to be returned, delivery paused), newest first")
            .Produces<List<AlertView>>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
}
