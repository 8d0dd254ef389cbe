using System.Diagnostics;
using System.Text.RegularExpressions;
using CudaImages;
using CudaImages.BuildEngine;

partial class Build
{
    [Parameter("Only these tests: 'unit' (no engine, registry or browser needed), 'integration' (the tests on real parts), or a dotnet test filter such as FullyQualifiedName~Planning")]
    readonly string? TestFilter;

    Target Test => _ => _
        .Description("Run the test suite (unit tests, and integration tests on the real parts that are present)")
        .Executes(async () =>
        {
            var arguments = new List<string>
            {
                "test", RootDirectory / "tests" / "CudaImages.Tests" / "CudaImages.Tests.csproj",
                "--nologo", "--logger", "console;verbosity=minimal",
                "--results-directory", ArtifactsDirectory / "test-results",
                "--logger", "trx;LogFileName=tests.trx",
            };
            if (TestFilter is not null) arguments.AddRange(["--filter", TestSelection.Filter(TestFilter)]);

            var totals = await RunDotnetTest(arguments);
            // The plain closing line CI systems read.
            Console.Out.WriteLine($"Tests: {totals.Passed} passed, {totals.Failed} failed, {totals.Skipped} skipped");
            if (totals.Failed > 0 || totals.ExitCode != 0)
                throw new Exception($"{totals.Failed} tests failed (dotnet test exited {totals.ExitCode}); see {ArtifactsDirectory / "test-results"}");
            if (totals.Passed == 0)
                throw new Exception("no test ran");
        });

    async Task<(int Passed, int Failed, int Skipped, int ExitCode)> RunDotnetTest(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        int passed = 0, failed = 0, skipped = 0;
        var summary = new Regex(@"Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginErrorReadLine();
        // Ctrl-C or a CI stop: the test run must not outlive the build.
        await using var stop = CancellationToken.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            Console.Out.WriteLine(line);
            var m = summary.Match(line);
            if (!m.Success) continue;
            failed += int.Parse(m.Groups[1].Value);
            passed += int.Parse(m.Groups[2].Value);
            skipped += int.Parse(m.Groups[3].Value);
        }
        await process.WaitForExitAsync(CancellationToken);
        return (passed, failed, skipped, process.ExitCode);
    }
}
