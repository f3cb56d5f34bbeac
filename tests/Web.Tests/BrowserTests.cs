using Xunit.Abstractions;

namespace Netra.Web.Tests;

/// <summary>
/// The web page in real headless Chromium against a real gateway: the node tests of <c>tests/Web</c> (playwright-core
/// driving Debian's <c>/usr/bin/chromium</c>), once on a desktop viewport and once at 360 px wide.
/// </summary>
public sealed class BrowserTests(WebGateway gateway, ITestOutputHelper output) : IClassFixture<WebGateway>
{
    [Fact]
    public Task Page_works_in_headless_chromium_on_a_desktop() => RunAsync("desktop");

    [Fact]
    public Task Page_works_in_headless_chromium_at_360_px() => RunAsync("phone");

    private async Task RunAsync(string viewport)
    {
        var web = NodeRunner.WebTestsDirectory();
        if (NodeRunner.Missing(web) is { } missing)
        {
            Assert.Fail($"The browser tests cannot run: {missing}");
        }

        var (exitCode, text) = await NodeRunner.RunAsync(
            web, "tests/page.test.js", gateway.BaseAddress, new Dictionary<string, string> { ["NETRA_VIEWPORT"] = viewport }, line =>
            {
                output.WriteLine(line);
                Console.WriteLine($"[web {viewport}] {line}");
            });
        Assert.True(exitCode == 0, $"The browser tests ({viewport}) failed with exit code {exitCode}:\n{text}");
    }
}
