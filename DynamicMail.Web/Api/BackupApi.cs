using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Api;

/// <summary><c>POST /api/v1/backup</c>: a consistent copy of the store and the spool, written while mail keeps flowing.</summary>
internal static class BackupApi
{
    public static void MapBackupApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1").RequireAuthorization(ApiKeyHandler.Policy).WithTags("Backup")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .MapPost("/backup", async (BackupRequest request, IStoreBackup backup, ILogger<BackupRequest> logger, CancellationToken ct) =>
            {
                try
                {
                    return Results.Ok(BackupView.From(await backup.BackupAsync(request.Folder ?? "", ct)));
                }
                catch (ArgumentException ex)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["folder"] = [ex.Message.Split(" (Parameter")[0]] });
                }
                catch (InvalidOperationException ex)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Backup refused", detail: ex.Message);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StoreUnavailableException)
                {
                    logger.LogError(ex, "Backup to {Folder} failed", request.Folder);
                    return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Backup failed", detail: ex.Message);
                }
            })
            .WithSummary("Writes a consistent copy of the store and the spool into an empty folder on the server")
            .Produces<BackupView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
}
