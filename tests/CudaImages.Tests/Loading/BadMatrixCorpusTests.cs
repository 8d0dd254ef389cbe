using CudaImages.Loading;
using CudaImages.Smoke;

namespace CudaImages.Tests.Loading;

/// <summary>
/// Corpus/bad/&lt;case&gt;/ holds files that replace the tiny fixture's; expected.txt is the one error
/// the user must see, with file, line, column and hint.
/// </summary>
public class BadMatrixCorpusTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(TestPaths.Tests, "Corpus", "bad")).Order())
            data.Add(Path.GetFileName(dir));
        return data;
    }

    [Fact]
    public void Corpus_holds_at_least_twenty_bad_matrices() => ((IEnumerable<object[]>)Cases()).Count().ShouldBeGreaterThanOrEqualTo(20);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_matrix_is_one_located_error_with_a_hint(string name)
    {
        var caseDir = Path.Combine(TestPaths.Tests, "Corpus", "bad", name);
        using var matrix = new ScratchMatrix();
        foreach (var file in Directory.EnumerateFiles(caseDir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".txt")))
            matrix.Write(Path.GetRelativePath(caseDir, file), File.ReadAllText(file));

        var error = Should.Throw<MatrixException>(() => MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue));

        error.Errors.Count.ShouldBe(1, string.Join("\n", error.Errors));
        var actual = error.Errors[0].ToString();
        var expectedFile = Path.Combine(caseDir, "expected.txt");
        if (!File.Exists(expectedFile))
        {
            File.WriteAllText(expectedFile + ".received", actual + "\n");
            throw new Xunit.Sdk.XunitException($"no expected.txt for {name}; received: {actual}");
        }
        actual.ShouldBe(File.ReadAllText(expectedFile).Trim());
        error.Errors[0].Hint.ShouldNotBeNullOrWhiteSpace();
    }
}
