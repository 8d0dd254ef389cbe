using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CudaImages.Tests.Planning;

/// <summary>
/// `./build.sh Plan` run as users run it, three times: the second run, with nothing changed, replays the first (and says so)
/// with the same output and the same plan.json; the third, after one edit to images/, plans afresh.
/// </summary>
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public class PlanCacheProcessTests
{
    const string Replayed = "its plan is printed again";

    [Fact]
    public async Task Real_build_sh_plan_replays_a_run_with_the_same_inputs_and_plans_afresh_after_an_edit()
    {
        using var matrix = new ScratchMatrix();
        var root = Path.GetDirectoryName(matrix.Directory)!;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var cache = Path.Combine(root, "plan-cache");

        var first = await Plan(root, matrix, cache);
        var second = await Plan(root, matrix, cache);
        matrix.Replace("matrix.yaml", "repository: cuda", "repository: edited");
        var third = await Plan(root, matrix, cache);
        var generate = await Plan(root, matrix, cache, "Generate");

        foreach (var run in new[] { first, second, third, generate }) run.ExitCode.ShouldBe(0, run.Output);
        first.Output.ShouldNotContain(Replayed);
        second.Output.ShouldContain(Replayed);
        Comparable(second.Output).ShouldBe(Comparable(first.Output));
        second.PlanJson.ShouldBe(first.PlanJson);
        third.Output.ShouldNotContain(Replayed);
        third.PlanJson.ShouldContain("\"repository\": \"edited\"");
        Directory.GetFiles(cache, "*.plan").Length.ShouldBe(2);
        // Any target after Plan needs the plan itself: never replayed, though an entry for the same inputs exists.
        generate.Output.ShouldNotContain(Replayed);
        Directory.EnumerateFiles(Path.Combine(root, "artifacts", "images"), "Dockerfile", SearchOption.AllDirectories).ShouldNotBeEmpty();
    }

    /// <summary>The output without the replay's own line and the durations of the summary.</summary>
    static string Comparable(string output) =>
        Regex.Replace(string.Join('\n', output.Split('\n').Where(l => !l.Contains(Replayed))), @"\d+:\d\d", "m:ss");

    static async Task<(int ExitCode, string Output, string PlanJson)> Plan(string root, ScratchMatrix matrix, string cache, string target = "Plan")
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root };
        foreach (var argument in new[] { Path.Combine(TestPaths.Root, "build.sh"), target, "--root", root, "--images", matrix.Directory, "--plan-cache-directory", cache })
            start.ArgumentList.Add(argument);
        var run = await ChildProcess.RunAsync(start);
        var planJson = Path.Combine(root, "artifacts", "plan.json");
        var json = File.Exists(planJson) ? File.ReadAllText(planJson) : "";
        File.Delete(planJson);
        return (run.ExitCode, run.Output, json);
    }
}
