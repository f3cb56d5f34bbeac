using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;
using Netra.Gateway.Http;

namespace Netra.Gateway.Auth;

/// <summary>
/// What the bearer handler does around a token: takes it from the query string on the WebSocket path (browsers cannot
/// set headers there), logs rejections without the token, and answers 401 and 403 with problem details.
/// </summary>
internal sealed class BearerEvents(IProblemDetailsService problems, ILogger<BearerEvents> logger) : JwtBearerEvents
{
    /// <summary>The only path on which <see cref="QueryParameter"/> is read.</summary>
    public const string WebSocketPath = "/ws";

    /// <summary>The query parameter that carries the token on <see cref="WebSocketPath"/>.</summary>
    public const string QueryParameter = "access_token";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var request = context.Request;
        if (request.Path.Equals(WebSocketPath, StringComparison.OrdinalIgnoreCase)
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && request.Query.TryGetValue(QueryParameter, out var token)
            && !string.IsNullOrEmpty(token))
        {
            context.Token = token.ToString();
        }

        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        // The exception's type says why (expired, bad signature, malformed) without quoting the token.
        AuthLog.TokenRejected(logger, context.Request.Method, context.Request.Path.ToString(), context.Exception.GetType().Name);
        return Task.CompletedTask;
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var detail = context.AuthenticateFailure switch
        {
            null => "A bearer token is required: send 'Authorization: Bearer <token>'.",
            SecurityTokenExpiredException => "The bearer token has expired.",
            _ => "The bearer token is not valid.",
        };
        await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", "unauthorized", detail);
    }

    public override Task Forbidden(ForbiddenContext context) =>
        WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "forbidden", "Your role does not allow this.");

    private async Task WriteAsync(HttpContext httpContext, int status, string title, string code, string detail)
    {
        httpContext.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { [ApiProblems.CodeKey] = code } },
        });
    }
}
