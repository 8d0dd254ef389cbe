using System.Diagnostics;

namespace CudaImages.Tests.Loading;

/// <summary>
/// The bad NVIDIA package data of the corpus (Corpus/bad/&lt;case&gt;/) given to `./build.sh Plan` as its own process: the
/// user sees the corpus's one located error, the run exits 2, and nothing is written.
/// </summary>
[Trait(TestSelection.Category, TestSelection.IntegrationTrait)]
public class BadPinsProcessTests
{
    [Theory]
    [InlineData("pins-package-no-flavor-installs")]
    [InlineData("pins-version-not-a-debian-version")]
    [InlineData("flavors-cudnn-on-a-distro-without-cudnn-data")]
    public async Task Real_build_sh_plan_of_bad_nvidia_package_data_exits_2_with_the_located_error_and_writes_nothing(string name)
    {
        var caseDir = Path.Combine(TestPaths.Tests, "Corpus", "bad", name);
        using var matrix = new ScratchMatrix();
        foreach (var file in Directory.EnumerateFiles(caseDir).Where(f => !f.EndsWith(".txt")))
            matrix.Write(Path.GetFileName(file), File.ReadAllText(file));
        var root = Path.GetDirectoryName(matrix.Directory)!;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root };
        foreach (var argument in new[] { Path.Combine(TestPaths.Root, "build.sh"), "Plan", "--root", root, "--images", matrix.Directory })
            start.ArgumentList.Add(argument);

        var run = await ChildProcess.RunAsync(start);

        run.ExitCode.ShouldBe(2, run.Output);
        run.Output.ShouldContain(File.ReadAllText(Path.Combine(caseDir, "expected.txt")).Trim(), Case.Sensitive, run.Output);
        Directory.Exists(Path.Combine(root, "artifacts")).ShouldBeFalse();
    }
}
