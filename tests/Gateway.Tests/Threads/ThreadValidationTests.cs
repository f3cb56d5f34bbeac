using System.Net;
using System.Net.Http.Json;

namespace Netra.Gateway.Tests.Threads;

/// <summary>Bad bodies get 400 problem details with a stable code, and nothing changes.</summary>
public sealed class ThreadValidationTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    public static TheoryData<string> BadTitles => ["", "   ", new string('x', 201), "tab\there", "line\nbreak"];

    [Theory]
    [MemberData(nameof(BadTitles))]
    public async Task Create_with_a_bad_title_is_400_invalid_title_and_creates_nothing(string title)
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsJsonAsync("/api/threads", new { title });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_title", await response.ReadProblemCodeAsync());
        Assert.Equal("[]", await client.GetStringAsync("/api/threads"));
    }

    [Theory]
    [MemberData(nameof(BadTitles))]
    public async Task Rename_to_a_bad_title_is_400_invalid_title_and_keeps_the_old_one(string title)
    {
        var client = await app.CreateUserAsync();
        var id = await ThreadsApiTests.CreateAsync(client, "good");

        var response = await client.PatchAsJsonAsync($"/api/threads/{id}", new { title });

        Assert.Equal("invalid_title", await response.ReadProblemCodeAsync());
        Assert.Contains("\"title\":\"good\"", await client.GetStringAsync($"/api/threads/{id}"));
    }

    [Fact]
    public async Task Title_of_exactly_200_characters_is_accepted()
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsJsonAsync("/api/threads", new { title = new string('x', 200) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"title\": null}")]
    public async Task Rename_without_a_title_is_400_invalid_title(string body)
    {
        var client = await app.CreateUserAsync();
        var id = await ThreadsApiTests.CreateAsync(client, "good");

        var response = await client.PatchAsync($"/api/threads/{id}", new StringContent(body, null, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_title", await response.ReadProblemCodeAsync());
    }

    [Theory]
    [InlineData("POST", "{\"title\": ")]
    [InlineData("POST", "not json")]
    [InlineData("POST", "{\"title\": 42}")]
    [InlineData("PATCH", "{\"title\": ")]
    [InlineData("PATCH", "[1, 2]")]
    public async Task Malformed_json_is_400_invalid_json(string method, string body)
    {
        var client = await app.CreateUserAsync();
        var id = await ThreadsApiTests.CreateAsync(client, "good");
        var path = method == "POST" ? "/api/threads" : $"/api/threads/{id}";

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, null, "application/json"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("invalid_json", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlation_id").GetString()));
        Assert.DoesNotContain("   at ", problem.ToString());
    }

    [Fact]
    public async Task Body_that_is_not_json_by_content_type_is_415_problem_details()
    {
        var client = await app.CreateUserAsync();

        var response = await client.PostAsync("/api/threads", new StringContent("{\"title\":\"x\"}", null, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await response.ReadProblemCodeAsync());
    }
}
