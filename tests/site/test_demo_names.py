import re

import pytest

from website.core import demo_names

PLACEHOLDER = re.compile(r"联络\d|测试\d|用户\d|\d$|联系人|经办人|申请人|某")


def test_every_index_gives_a_different_name():
    names = [demo_names.full_name(index) for index in range(demo_names.CAPACITY)]
    assert len(set(names)) == len(names)


def test_names_are_chinese_and_not_placeholders():
    for index in range(demo_names.CAPACITY):
        family, given = demo_names.person_name(index)
        name = family + given
        assert 2 <= len(name) <= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in name), name
        assert not PLACEHOLDER.search(name), name


def test_the_same_index_always_gives_the_same_name():
    assert demo_names.person_name(123) == demo_names.person_name(123)
    assert demo_names.account_name("member@example.org") == demo_names.account_name(
        "Member@Example.org"
    )


def test_blocks_and_accounts_never_share_a_name():
    accounts = {demo_names.account_name(email) for email in demo_names.ACCOUNT_INDEXES}
    blocks = {
        demo_names.block_name(block, number) for block in demo_names.BLOCKS for number in range(100)
    }
    assert len(accounts) == len(demo_names.ACCOUNT_INDEXES)
    assert not accounts & blocks
    assert len(blocks) == 100 * len(demo_names.BLOCKS)


def test_out_of_range_is_refused():
    with pytest.raises(ValueError):
        demo_names.person_name(demo_names.CAPACITY)
    with pytest.raises(ValueError):
        demo_names.block_name("members", 100)
