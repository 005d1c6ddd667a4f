//! Union-find over `0..n`, for grouping things that are related in pairs:
//! the action plan's accounts, `password/similar`'s clusters.

pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    /// The representative of `i`'s set: its smallest member.
    pub fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller root stays, so the result is deterministic.
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_join_transitively_under_their_smallest_member() {
        let mut u = UnionFind::new(5);
        u.union(4, 2);
        u.union(2, 3);
        assert_eq!([u.find(2), u.find(3), u.find(4)], [2, 2, 2]);
        assert_eq!([u.find(0), u.find(1)], [0, 1]);
        u.union(3, 0);
        assert_eq!(u.find(4), 0);
    }
}
