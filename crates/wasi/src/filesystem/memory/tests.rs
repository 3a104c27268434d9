//! Tests for the in-memory backend.

use super::*;

const CREATE: OpenFlags = OpenFlags { create: true, directory: false, exclusive: false, truncate: false };

fn file(dir: &MemoryDir, path: &str) -> Arc<dyn Node> {
    dir.open_at(path, true, CREATE, true).unwrap()
}

#[test]
fn files_are_created_written_at_offsets_read_back_and_truncated() {
    let root = MemoryDir::new();
    let f = file(&root, "a.txt");
    assert_eq!(f.write_at(b"hello", 0), Ok(5));
    assert_eq!(f.write_at(b"XY", 7), Ok(2));
    assert_eq!(f.read_at(100, 0).unwrap(), b"hello\0\0XY");
    assert_eq!(f.read_at(3, 1).unwrap(), b"ell");
    assert_eq!(f.read_at(3, 50).unwrap(), b"");
    assert_eq!(f.append(b"!"), Ok(1));
    assert_eq!(f.stat().unwrap().size, 10);
    f.set_size(2).unwrap();
    assert_eq!(root.read_file("a.txt").unwrap(), b"he");
    let again = root.open_at("a.txt", true, OpenFlags { truncate: true, ..OpenFlags::default() }, true).unwrap();
    assert_eq!(again.stat().unwrap().size, 0);
    assert_eq!(again.stat().unwrap().identity, f.stat().unwrap().identity);
}

#[test]
fn exclusive_create_of_an_existing_name_is_exist_and_a_missing_one_without_create_no_entry() {
    let root = MemoryDir::new();
    file(&root, "x");
    let excl = OpenFlags { exclusive: true, ..CREATE };
    assert_eq!(root.open_at("x", true, excl, true).err(), Some(ErrorCode::Exist));
    assert_eq!(root.open_at("y", true, OpenFlags::default(), false).err(), Some(ErrorCode::NoEntry));
    assert_eq!(root.open_at("x/z", true, CREATE, true).err(), Some(ErrorCode::NotDirectory));
}

#[test]
fn directories_nest_list_sorted_and_refuse_file_operations() {
    let root = MemoryDir::new();
    root.create_dir("d").unwrap();
    root.create_dir("d/e").unwrap();
    root.write_file("d/b.txt", b"b").unwrap();
    assert_eq!(root.create_directory_at("d"), Err(ErrorCode::Exist));
    let names: Vec<_> = root.open_at("d", true, OpenFlags::default(), false).unwrap().read_directory().unwrap();
    let listed: Vec<(&str, DescriptorType)> = names.iter().map(|e| (e.name.as_str(), e.type_)).collect();
    assert_eq!(listed, [("b.txt", DescriptorType::RegularFile), ("e", DescriptorType::Directory)]);
    assert_eq!(root.open_at("d", true, OpenFlags::default(), true).err(), Some(ErrorCode::IsDirectory));
    assert_eq!(
        root.open_at("d/b.txt", true, OpenFlags { directory: true, ..OpenFlags::default() }, false).err(),
        Some(ErrorCode::NotDirectory)
    );
    assert_eq!(root.stat_at("d/e/..", true).unwrap().kind, DescriptorType::Directory);
    assert_eq!(root.stat_at("d/e/../b.txt", true).unwrap().size, 1);
}

#[test]
fn removal_checks_kind_and_emptiness() {
    let root = MemoryDir::new();
    root.create_dir("d").unwrap();
    root.write_file("d/f", b"1").unwrap();
    assert_eq!(root.remove_directory_at("d"), Err(ErrorCode::NotEmpty));
    assert_eq!(root.unlink_file_at("d"), Err(ErrorCode::IsDirectory));
    assert_eq!(root.remove_directory_at("d/f"), Err(ErrorCode::NotDirectory));
    let open = root.open_at("d/f", true, OpenFlags::default(), false).unwrap();
    root.unlink_file_at("d/f").unwrap();
    assert_eq!(open.read_at(1, 0).unwrap(), b"1", "an unlinked file lives on while a handle is open on it");
    root.remove_directory_at("d").unwrap();
    assert_eq!(root.entries(".").unwrap(), Vec::<String>::new());
    assert_eq!(root.tree.lock().nodes.len(), 2, "the root and the nameless file");
    drop(open);
    assert_eq!(root.tree.lock().nodes.len(), 1, "only the root is left");
}

#[test]
fn rename_moves_replaces_files_and_refuses_bad_targets() {
    let root = MemoryDir::new();
    root.create_dir("a").unwrap();
    root.create_dir("b").unwrap();
    root.write_file("a/one", b"1").unwrap();
    root.write_file("b/two", b"2").unwrap();
    root.rename_at("a/one", &root, "b/two").unwrap();
    assert_eq!(root.read_file("b/two").unwrap(), b"1");
    assert_eq!(root.entries("a").unwrap(), Vec::<String>::new());
    assert_eq!(root.rename_at("b/two", &root, "a"), Err(ErrorCode::IsDirectory));
    assert_eq!(root.rename_at("a", &root, "b/two"), Err(ErrorCode::NotDirectory));
    assert_eq!(root.rename_at("a", &root, "a/inner"), Err(ErrorCode::Invalid));
    assert_eq!(root.rename_at("b", &MemoryDir::new(), "c"), Err(ErrorCode::CrossDevice));
    root.rename_at("a", &root, "c").unwrap();
    assert_eq!(root.entries(".").unwrap(), ["b", "c"]);
}

#[test]
fn paths_cannot_climb_above_the_directory_and_links_are_unsupported() {
    let root = MemoryDir::new();
    root.create_dir("d").unwrap();
    let d = root.open_at("d", true, OpenFlags::default(), false).unwrap();
    assert_eq!(d.stat_at("..", true).err(), Some(ErrorCode::NotPermitted));
    assert_eq!(d.open_at("x/../../y", true, CREATE, true).err(), Some(ErrorCode::NoEntry), "x is missing first");
    assert_eq!(root.stat_at("../d", true).err(), Some(ErrorCode::NotPermitted));
    assert_eq!(root.symlink_at("d", "s"), Err(ErrorCode::Unsupported));
    assert_eq!(root.link_at("d", false, &root, "l"), Err(ErrorCode::Unsupported));
    assert_eq!(root.readlink_at("d"), Err(ErrorCode::Invalid));
}

#[test]
fn timestamps_start_at_the_epoch_and_set_times_changes_only_what_is_given() {
    let root = MemoryDir::new();
    let f = file(&root, "t");
    let s = f.stat().unwrap();
    assert_eq!((s.accessed, s.modified), (Some(EPOCH), Some(EPOCH)));
    let t = Datetime { seconds: 5, nanoseconds: 6 };
    f.set_times(None, Some(t)).unwrap();
    let s = root.stat_at("t", true).unwrap();
    assert_eq!((s.accessed, s.modified), (Some(EPOCH), Some(t)));
}

#[test]
fn identities_differ_between_trees_and_agree_within_one() {
    let (a, b) = (MemoryDir::new(), MemoryDir::new());
    assert_ne!(a.stat().unwrap().identity, b.stat().unwrap().identity);
    let again = a.open_at(".", true, OpenFlags::default(), false).unwrap();
    assert_eq!(again.stat().unwrap().identity, a.stat().unwrap().identity);
}

#[test]
fn a_tree_never_holds_more_than_its_limit_and_frees_what_is_removed() {
    let root = MemoryDir::with_limit(4096);
    let base = root.used();
    let f = file(&root, "big");
    assert_eq!(
        f.write_at(b"x", 1 << 40),
        Err(ErrorCode::InsufficientSpace),
        "a write far out is refused, not allocated"
    );
    assert_eq!(f.set_size(1 << 40), Err(ErrorCode::InsufficientSpace), "so is a resize");
    assert_eq!(f.write_at(&[7; 3000], 0), Ok(3000));
    assert_eq!(f.append(&[7; 2000]), Err(ErrorCode::InsufficientSpace));
    assert_eq!(root.read_file("big").unwrap().len(), 3000, "a refused append changes nothing");
    // Entries count too: a loop of creates ends in insufficient-space.
    let mut made = 0;
    while root.create_directory_at(&alloc::format!("d{made}")).is_ok() {
        made += 1;
    }
    assert!(made > 0 && made < 10, "{made}");
    assert_eq!(root.create_directory_at("one-more"), Err(ErrorCode::InsufficientSpace));
    // Truncating, unlinking and dropping the last handle give the space back.
    f.set_size(0).unwrap();
    root.unlink_file_at("big").unwrap();
    for i in 0..made {
        root.remove_directory_at(&alloc::format!("d{i}")).unwrap();
    }
    assert_eq!(root.used(), base + ENTRY_COST, "the open file still counts");
    drop(f);
    assert_eq!(root.used(), base);
}

#[test]
fn a_deep_tree_is_renamed_and_checked_without_recursion() {
    let root = MemoryDir::new();
    let mut path = alloc::string::String::from("a");
    root.create_directory_at(&path).unwrap();
    for _ in 0..2000 {
        path.push_str("/a");
        root.create_directory_at(&path).unwrap();
    }
    // Moving the top into its own depths is refused after walking all of it.
    assert_eq!(root.rename_at("a", &root, &alloc::format!("{path}/b")), Err(ErrorCode::Invalid));
    root.rename_at("a", &root, "z").unwrap();
    assert_eq!(root.entries(".").unwrap(), ["z"]);
}

#[test]
fn an_unlinked_file_lives_on_nameless_until_its_last_handle_is_dropped() {
    let root = MemoryDir::new();
    let first = file(&root, "tmp");
    let second = file(&root, "tmp");
    assert_eq!(first.write_at(b"scratch", 0), Ok(7));
    assert_eq!(root.used(), 2 * ENTRY_COST + 7);
    assert_eq!(first.stat().unwrap().link_count, 1);
    root.unlink_file_at("tmp").unwrap();
    assert_eq!(root.read_file("tmp"), Err(ErrorCode::NoEntry), "the name is gone");
    assert!(root.entries(".").unwrap().is_empty());
    assert_eq!(first.stat().unwrap().link_count, 0);
    assert_eq!(first.append(b" more"), Ok(5));
    drop(first);
    assert_eq!(second.read_at(100, 0).unwrap(), b"scratch more", "one handle keeps it");
    assert_eq!(root.used(), 2 * ENTRY_COST + 12, "it still counts against the limit");
    drop(second);
    assert_eq!(root.used(), ENTRY_COST, "the last handle freed it");
}

#[test]
fn a_file_replaced_by_a_rename_stays_readable_through_a_handle_on_it() {
    let root = MemoryDir::new();
    root.write_file("old", b"old bytes").unwrap();
    root.write_file("new", b"new").unwrap();
    let held = root.open_at("old", true, OpenFlags::default(), false).unwrap();
    root.rename_at("new", &root, "old").unwrap();
    assert_eq!(root.read_file("old").unwrap(), b"new");
    assert_eq!(held.read_at(100, 0).unwrap(), b"old bytes");
    assert_eq!(held.stat().unwrap().link_count, 0);
    drop(held);
    assert_eq!(root.used(), 2 * ENTRY_COST + 3);
}

#[test]
fn a_removed_directory_is_gone_for_the_handles_still_open_on_it() {
    let root = MemoryDir::new();
    root.create_dir("d").unwrap();
    let d = root.open_at("d", true, OpenFlags { directory: true, ..OpenFlags::default() }, false).unwrap();
    root.remove_directory_at("d").unwrap();
    assert_eq!(d.read_directory().err(), Some(ErrorCode::NoEntry));
    assert_eq!(d.open_at("x", true, CREATE, true).err(), Some(ErrorCode::NoEntry));
    drop(d);
    assert_eq!(root.used(), ENTRY_COST);
}

#[test]
fn host_handles_and_their_clones_never_free_the_root() {
    let root = MemoryDir::new();
    root.write_file("kept", b"k").unwrap();
    let clone = root.clone();
    drop(root);
    assert_eq!(clone.read_file("kept").unwrap(), b"k");
    assert_eq!(clone.stat().unwrap().link_count, 1);
}
