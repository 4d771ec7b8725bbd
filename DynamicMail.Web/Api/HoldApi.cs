using System.Security.Claims;
using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Api;

/// <summary>
/// <c>/api/v1/domains/{name}/hold</c> (pause and resume delivery, audited with the key's operator) and the newest
/// delivery transcripts of a domain or a message.
/// </summary>
internal static class HoldApi
{
    public static void MapHoldApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiKeyHandler.Policy).WithTags("Domains")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/domains/{name}/hold", (string name, HoldReader reader) =>
            reader.Read(name) is { } view ? Results.Ok(view) : DomainApi.NotFound(name))
            .WithSummary("Whether delivery for the domain is held, why and until when").Produces<HoldView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/domains/{name}/hold", async (string name, HoldRequest request, IDomainHolds holds, HoldReader reader, ClaimsPrincipal user) =>
            Done(await holds.HoldAsync(name, request.Reason, request.Until, DomainApi.By(user)), reader))
            .WithSummary("Holds delivery for the domain (mail keeps queuing) until a date: default 3 days, at most 30")
            .Produces<HoldView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/domains/{name}/hold", async (string name, IDomainHolds holds, HoldReader reader, ClaimsPrincipal user) =>
            Done(await holds.ReleaseAsync(name, DomainApi.By(user)), reader))
            .WithSummary("Lifts the hold: delivery starts again").Produces<HoldView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/domains/{name}/transcripts", async (string name, IDomainDirectory domains, ITranscriptLog log, CancellationToken ct) =>
            domains.FindByName(name) is { } d ? Results.Ok(await log.ForDomainAsync(d.Name, ct).ConfigureAwait(false)) : DomainApi.NotFound(name))
            .WithSummary("The newest delivery attempts of the domain as said on the wire (no bodies, no credentials)")
            .Produces<IReadOnlyList<SmtpTranscript>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/messages/{id}/transcripts", async (string id, ITranscriptLog log, CancellationToken ct) =>
            Results.Ok(await log.ForMessageAsync(id, ct).ConfigureAwait(false)))
            .WithSummary("The kept transcripts of one message's delivery attempts").Produces<IReadOnlyList<SmtpTranscript>>();
    }

    private static IResult Done(DomainResult result, HoldReader reader) =>
        result.Ok ? Results.Ok(reader.Read(result.Domain!.Name)) : DomainApi.ToResult(result, created: false);
}

/// <summary>Builds a <see cref="HoldView"/> from the directory, the queue and the domain's retention.</summary>
internal sealed class HoldReader(IDomainDirectory domains, IMailQueue queue, AgeingSchedule ageing, TimeProvider time)
{
    public HoldView? Read(string name) => domains.FindByName(name) is not { } d ? null
        : HoldView.From(d, time.GetUtcNow().UtcDateTime, queue.Summarize(d.Name).Oldest is { } oldest ? oldest + ageing.MaxLifetimeOf(d.Name) : null);
}
