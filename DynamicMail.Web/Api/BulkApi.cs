using System.Security.Claims;
using System.Text.Json;
using DynamicMail.Smtp.Queue.Bulk;
using Microsoft.AspNetCore.Mvc;

namespace DynamicMail.Web.Api;

/// <summary>
/// <c>POST /api/v1/queue/bulk</c> starts an action on every message a filter matches (202 with its id and count);
/// <c>GET /api/v1/queue/bulk/{id}</c> reports its progress.
/// </summary>
internal static class BulkApi
{
    public const int MaxBody = 16 * 1024;

    public static void MapBulkApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/queue").RequireAuthorization(ApiKeyHandler.Policy).WithTags("Queue")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("/bulk", StartAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBody))
            .WithSummary("Starts hold, release, retry, return or delete on every message the filter matches")
            .Produces<BulkStarted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/bulk/{id}", (string id, IBulkActions bulk) =>
            bulk.Find(id) is { } job ? Results.Ok(BulkJobView.From(job))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown bulk action", detail: "There is no bulk action with this id."))
            .WithSummary("Progress and result of a bulk action").Produces<BulkJobView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> StartAsync(HttpRequest request, IBulkActions bulk, QueueSearch search, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody)
        {
            return TooLarge();
        }
        JsonElement body;
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 8 }, ct).ConfigureAwait(false);
            body = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [""] = ["The body is not valid JSON."] }, title: "The bulk action is not valid");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        var errors = new Dictionary<string, string[]>();
        if (BulkRequestReader.Read(body, search, errors) is not { } read)
        {
            return Results.ValidationProblem(errors, title: "The bulk action is not valid");
        }
        var start = await bulk.StartAsync(read.Filter, read.Text, read.Action, user.Identity?.Name ?? "api", ct).ConfigureAwait(false);
        return start switch
        {
            { Job: { } job } => Results.Accepted($"/api/v1/queue/bulk/{job.Id}", new BulkStarted(job.Id, job.Matched)),
            { Refusal: BulkRefusal.TooManyMatches } => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Too many messages match", detail: start.Error),
            _ => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many bulk actions waiting",
                detail: start.Error),
        };
    }

    private static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
        detail: $"A bulk action's body is at most {MaxBody} bytes.");
}
