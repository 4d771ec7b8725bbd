using System.Security.Claims;
using System.Text.Json;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Api;

/// <summary>
/// <c>/api/v1</c>: domains and their queues for automation. Same validation and messages as the console; every
/// error is an RFC 9457 problem.
/// </summary>
internal static class DomainApi
{
    public static void MapDomainApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiKeyHandler.Policy).WithTags("Domains")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/domains", (IDomainDirectory domains) => domains.All().Select(DomainView.From).ToList())
            .WithSummary("Lists every domain");
        api.MapGet("/domains/{name}", (string name, IDomainDirectory domains) =>
            domains.FindByName(name) is { } d ? Results.Ok(DomainView.From(d)) : NotFound(name))
            .WithSummary("One domain").Produces<DomainView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/domains", async (DomainInput input, IDomainAdmin admin, ClaimsPrincipal user) =>
            ToResult(await admin.CreateAsync(input, By(user)), created: true))
            .WithSummary("Creates a domain").Produces<DomainView>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapPut("/domains/{name}", async (string name, DomainInput input, IDomainAdmin admin, ClaimsPrincipal user) =>
            ToResult(await admin.UpdateAsync(name, input, By(user)), created: false))
            .WithSummary("Changes a domain (an empty password keeps the current one)").Produces<DomainView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/domains/{name}", async (string name, bool? returnQueued, IDomainAdmin admin, ClaimsPrincipal user) =>
            ToResult(await admin.DeleteAsync(name, returnQueued ?? false, By(user)), created: false))
            .WithSummary("Deletes a domain: only when its queue is empty, or with returnQueued=true")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/domains/{name}/logout", async (string name, IDomainAdmin admin, ClaimsPrincipal user) =>
            (await admin.LogOutEverywhereAsync(name, By(user))).Ok ? Results.NoContent() : NotFound(name))
            .WithSummary("Ends every customer session of the domain (log out everywhere)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/domains/{name}/queue", (string name, IDomainDirectory domains, IMailQueue queue, PresenceRegistry presence) =>
            domains.FindByName(name) is not { } d ? NotFound(name)
                : Results.Ok(Summary(d.Name, queue.Summarize(d.Name), presence.Anywhere(d.Name) is not null)))
            .WithSummary("Queue summary of a domain").Produces<QueueSummaryView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/domains/{name}/messages", async (string name, string? after, int? take, IDomainDirectory domains, IQueueAdmin queue, CancellationToken ct) =>
            domains.FindByName(name) is not { } d ? NotFound(name)
                : Results.Ok(Page(await queue.BrowseAsync(new QueueFilter(Domain: d.Name), after, take ?? 100, ct).ConfigureAwait(false))))
            .WithSummary("Queued messages of a domain, oldest first (take ≤ 500; pass next as after)")
            .Produces<MessagePageView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static string By(ClaimsPrincipal user) => user.Identity?.Name ?? "api";

    private static QueueSummaryView Summary(string domain, QueueSummary s, bool online) => new(domain, s.Messages, s.Bytes, s.Oldest, online);

    private static MessagePageView Page(QueuePage page) => new(page.Items.Select(MessageView.From).ToList(), page.Next);

    internal static IResult NotFound(string name) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown domain", detail: $"There is no domain named {name}.");

    internal static IResult ToResult(DomainResult result, bool created) => result.Failure switch
    {
        DomainFailure.None when result.Domain is null => Results.NoContent(),
        DomainFailure.None when created => Results.Created($"/api/v1/domains/{result.Domain!.Name}", DomainView.From(result.Domain)),
        DomainFailure.None => Results.Ok(DomainView.From(result.Domain!)),
        DomainFailure.Invalid => Results.ValidationProblem(
            result.Errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value), title: "The domain is not valid"),
        DomainFailure.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown domain", detail: result.Message),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The domain cannot be changed now", detail: result.Message),
    };
}
