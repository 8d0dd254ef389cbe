using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

public class AbsolutePathTests
{
    static readonly AbsolutePath Repo = AbsolutePath.Create("/work/repo");

    [Fact]
    public void Slash_appends_and_normalizes() =>
        (Repo / "images" / ".." / "artifacts" / "plan.json").ToString().ShouldBe("/work/repo/artifacts/plan.json");

    [Fact]
    public void Parent_and_name_split_the_path()
    {
        var file = Repo / "images" / "cuda.yaml";

        file.Name.ShouldBe("cuda.yaml");
        file.NameWithoutExtension.ShouldBe("cuda");
        file.Parent.ShouldBe(Repo / "images");
    }

    [Fact]
    public void Converts_from_and_to_string()
    {
        AbsolutePath path = "/work/repo/";
        string text = path / "x";

        path.ShouldBe(Repo);
        text.ShouldBe("/work/repo/x");
    }

    [Fact]
    public void The_root_has_no_parent() => AbsolutePath.Create("/").Parent.ShouldBeNull();

    [Fact]
    public void CreateDirectory_creates_it_and_Exists_sees_it()
    {
        var directory = AbsolutePath.Create(Path.GetTempPath()) / ("abs-" + Guid.NewGuid().ToString("N"));
        try
        {
            directory.Exists().ShouldBeFalse();
            directory.CreateDirectory().Exists().ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
