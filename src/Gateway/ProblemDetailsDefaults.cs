using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Netra.Gateway;

/// <summary>What every problem details response carries: a stable machine-readable code and a correlation id.</summary>
internal static class ProblemDetailsDefaults
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Extensions.TryAdd("code", CodeFor(status));
        problem.Extensions["correlation_id"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;

        // Never a stack trace: the developer exception page is not used, and exception details stay in the logs. A
        // 4xx written by an exception handler (a body that is not JSON), and a 503 for a dependency that is down, keep
        // the detail their handler chose.
        if (context.HttpContext.Features.Get<IExceptionHandlerFeature>() is not null && status >= StatusCodes.Status500InternalServerError
            && status != StatusCodes.Status503ServiceUnavailable)
        {
            problem.Detail = "An unexpected error occurred. Quote the correlation id when reporting it.";
        }
    }

    private static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        >= 500 => "internal_error",
        _ => "error",
    };
}
