using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Api;

/// <summary><c>POST /api/v1/store/compact</c>: gives the space of mail that has left back to the file system, now.</summary>
internal static class CompactionApi
{
    public static void MapCompactionApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1").RequireAuthorization(ApiKeyHandler.Policy).WithTags("Backup")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .MapPost("/store/compact", async (IServiceProvider services, ILogger<CompactionView> logger, CancellationToken ct) =>
            {
                if (services.GetService<IStoreCompaction>() is not { Available: true } compaction)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to compact",
                        detail: "This store gives space back by itself (PostgreSQL: autovacuum).");
                }
                try
                {
                    return Results.Ok(CompactionView.From(await compaction.CompactAsync(ct)));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StoreUnavailableException)
                {
                    logger.LogError(ex, "Compacting the store failed");
                    return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Compaction failed", detail: ex.Message);
                }
            })
            .WithSummary("Rewrites the embedded store with only its live data, while mail keeps flowing")
            .Produces<CompactionView>().ProducesProblem(StatusCodes.Status409Conflict);
}
