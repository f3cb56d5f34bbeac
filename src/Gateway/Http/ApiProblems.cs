using Microsoft.AspNetCore.Http.HttpResults;

namespace Netra.Gateway.Http;

/// <summary>
/// RFC 7807 problem details with a stable machine-readable <c>code</c>, for handlers that return
/// <see cref="Microsoft.AspNetCore.Http.TypedResults"/>. The correlation id is added by the problem details service.
/// </summary>
public static class ApiProblems
{
    /// <summary>The extension member that carries the stable code.</summary>
    public const string CodeKey = "code";

    /// <summary>A 400 with <paramref name="code"/>, such as <c>invalid_title</c>.</summary>
    public static ProblemHttpResult BadRequest(string code, string detail) =>
        Create(StatusCodes.Status400BadRequest, "Bad request", code, detail);

    /// <summary>A 404 with <paramref name="code"/>, such as <c>thread_not_found</c>.</summary>
    public static ProblemHttpResult NotFound(string code, string detail) =>
        Create(StatusCodes.Status404NotFound, "Not found", code, detail);

    /// <summary>A problem with any status.</summary>
    public static ProblemHttpResult Create(int status, string title, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { [CodeKey] = code });
}
