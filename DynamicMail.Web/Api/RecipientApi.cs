using System.Security.Claims;
using System.Text.Json;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Recipients;
using Microsoft.AspNetCore.Http.Features;

namespace DynamicMail.Web.Api;

/// <summary><c>/api/v1/domains/{name}/recipients</c>: read and replace a domain's recipient list (issue #18).</summary>
internal static class RecipientApi
{
    /// <summary>Room for the largest list (10,000 addresses of up to 254 characters) and nothing much more.</summary>
    private const long MaxBody = 4 * 1024 * 1024;

    public static void MapRecipientApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/domains/{name}/recipients").RequireAuthorization(ApiKeyHandler.Policy).WithTags("Domains")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("", (string name, IDomainDirectory domains, IRecipientLists lists) =>
            domains.FindByName(name) is { } d ? Results.Ok(new RecipientListView(lists.Get(d.Name))) : NotFound(name))
            .WithSummary("The domain's recipient list (empty: every recipient is accepted)").Produces<RecipientListView>();
        api.MapPut("", PutAsync)
            .WithSummary("Replaces the domain's recipient list (name@domain or *@domain; at most 10,000; empty accepts all)")
            .Accepts<RecipientListView>("application/json").Produces<RecipientListView>().ProducesValidationProblem();
        api.MapGet("/refused", async (string name, IDomainDirectory domains, IRecipientLists lists, CancellationToken ct) =>
            domains.FindByName(name) is not { } d ? NotFound(name)
                : Results.Ok((await lists.RefusedAsync(d.Name, ct).ConfigureAwait(false)).Select(r => new RefusedRecipientView(r.Address, r.Reply, r.At)).ToList()))
            .WithSummary("Addresses the customer's server refused as unknown (550 5.1.1), newest first").Produces<List<RefusedRecipientView>>();
    }

    private static async Task<IResult> PutAsync(string name, HttpContext http, IDomainDirectory domains, IRecipientLists lists, ClaimsPrincipal user)
    {
        if (domains.FindByName(name) is not { } domain)
        {
            return NotFound(name);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBody;
        }
        RecipientListView? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync<RecipientListView>(http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException or InvalidOperationException)
        {
            return Invalid(ex is BadHttpRequestException { StatusCode: 413 } ? "The list is too large (at most 4 MiB of JSON)." : "Send {\"recipients\": [\"name@domain\", ...]} as JSON.");
        }
        if (body?.Recipients is null || body.Recipients.Any(r => r is null))
        {
            return Invalid("Send {\"recipients\": [\"name@domain\", ...]} as JSON.");
        }
        var result = await lists.SetAsync(domain.Name, body.Recipients, user.Identity?.Name ?? "api").ConfigureAwait(false);
        return result.Ok ? Results.Ok(new RecipientListView(result.Entries))
            : result.DomainMissing ? NotFound(name) : Results.ValidationProblem(new Dictionary<string, string[]> { ["recipients"] = [.. result.Errors] },
                title: "The recipient list is not valid");
    }

    private static IResult Invalid(string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["recipients"] = [message] }, title: "The recipient list is not valid");

    private static IResult NotFound(string name) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown domain", detail: $"There is no domain named {name}.");
}
