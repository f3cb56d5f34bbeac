using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Netra.Gateway.Http;

namespace Netra.Gateway.Auth;

/// <summary><c>POST /api/auth/dev-token</c>, mapped only when dev tokens are on; otherwise the path is a 404.</summary>
public static class AuthApi
{
    /// <summary>Maps the auth endpoints that the configuration turns on. They are anonymous: they are how a token is got.</summary>
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous();
        if (endpoints.ServiceProvider.GetRequiredService<AuthSettings>().DevTokens)
        {
            group.MapPost("/dev-token", IssueDevToken)
                .WithName("IssueDevToken")
                .WithSummary("Issues a development token")
                .WithDescription("Exists only when Netra:Auth:DevTokens is on: anyone may get a token for any user id.")
                .ProducesProblem(StatusCodes.Status400BadRequest);
        }

        return group;
    }

    internal static Results<Ok<DevTokenResponse>, ProblemHttpResult> IssueDevToken(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DevTokenRequest? request,
        DevTokenIssuer issuer)
    {
        var userId = request?.UserId;
        if (!DevTokenIssuer.IsValidUserId(userId))
        {
            return ApiProblems.BadRequest(
                "invalid_user_id", $"user_id must have 1 to {DevTokenIssuer.MaxUserIdLength} characters of A-Z, a-z, 0-9, '.', '_', '@' and '-'.");
        }

        var role = request?.Role ?? NetraRoles.User;
        if (!NetraRoles.IsValid(role))
        {
            return ApiProblems.BadRequest("invalid_role", $"role must be one of {string.Join(", ", NetraRoles.All)}.");
        }

        var (token, expiresAt) = issuer.Issue(userId, role);
        return TypedResults.Ok(new DevTokenResponse(token, expiresAt));
    }
}

/// <summary>The body of <c>POST /api/auth/dev-token</c>.</summary>
/// <param name="UserId">The user id to put in <c>sub</c>.</param>
/// <param name="Role">user, developer or admin; user when absent.</param>
public sealed record DevTokenRequest(string? UserId, string? Role = null);

/// <summary>A dev token.</summary>
/// <param name="AccessToken">The JWT to send as <c>Authorization: Bearer</c>.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record DevTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);
