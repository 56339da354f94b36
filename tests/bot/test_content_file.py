import pytest

from bot.content_file import read_content_file


class Broken(ValueError):
    pass


def test_a_versioned_mapping_is_read(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text("version: 1\nitems: [a]\n")
    assert read_content_file(path, Broken, "test file") == {"version": 1, "items": ["a"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read test file"), ("a: [\n", "cannot read test file"), ("- a\n", "version: 1"),
     ("version: 2\n", "version: 1")],
)
def test_problems_raise_the_given_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "c.yml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(Broken, match=message) as error:
        read_content_file(path, Broken, "test file")
    assert str(path) in str(error.value)
