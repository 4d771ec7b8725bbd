using System.Security.Claims;
using System.Text.Encodings.Web;
using DynamicMail.Smtp.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DynamicMail.Web.Api;

/// <summary>
/// Authenticates the HTTP API by the <c>X-Api-Key</c> header only; the console's cookie is never looked at, so a
/// browser session cannot call the API. Missing or bad key: 401 with an RFC 9457 problem.
/// </summary>
internal sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Policy = "ApiClient";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }
        if (values.Count != 1 || await keys.VerifyAsync(values.ToString().Trim(), Context.RequestAborted).ConfigureAwait(false) is not { } key)
        {
            return AuthenticateResult.Fail("The API key is not valid or was revoked.");
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"api:{key.Name} ({key.Id})"), new Claim(ClaimTypes.Role, Policy)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.ContainsKey(Header);
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: presented ? "Invalid API key" : "API key required",
            detail: presented ? "The X-Api-Key header does not hold an active key." : "Send an API key (created in the operator console) in the X-Api-Key header.")
            .ExecuteAsync(Context);
    }
}
