import {
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  type MantineSize,
  NavLink,
  type NavLinkProps,
  Text,
} from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes, type ReactNode } from 'react';

/**
 * Mantine's Anchor and Button as typed router links: `to`, `params` and `search` are checked against the route
 * tree (Mantine's polymorphic `component={Link}` loses those types).
 */
type AnchorElementProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'> & AnchorProps;
const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorElementProps>((props, ref) => <Anchor ref={ref} {...props} />);
MantineAnchor.displayName = 'MantineAnchor';
const CreatedAnchorLink = createLink(MantineAnchor);
export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <CreatedAnchorLink preload="intent" {...props} />;

/**
 * What an AnchorLink would say, without the link: for a viewer whose role may not open the page behind it. It reads
 * at `size`, or as the text around it.
 */
export function UnlinkedText({ size, ff, children }: { size?: MantineSize; ff?: 'monospace'; children: ReactNode }) {
  return (
    <Text span size={size} inherit={size === undefined} ff={ff}>
      {children}
    </Text>
  );
}

type ButtonElementProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'> & ButtonProps;
const MantineButtonAnchor = forwardRef<HTMLAnchorElement, ButtonElementProps>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
MantineButtonAnchor.displayName = 'MantineButtonAnchor';
const CreatedButtonLink = createLink(MantineButtonAnchor);
export const ButtonLink: LinkComponent<typeof MantineButtonAnchor> = (props) => <CreatedButtonLink preload="intent" {...props} />;

type NavLinkElementProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'> & NavLinkProps;
const MantineNavLinkAnchor = forwardRef<HTMLAnchorElement, NavLinkElementProps>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));
MantineNavLinkAnchor.displayName = 'MantineNavLinkAnchor';
const CreatedNavLink = createLink(MantineNavLinkAnchor);
export const RouterNavLink: LinkComponent<typeof MantineNavLinkAnchor> = (props) => (
  <CreatedNavLink preload="intent" {...props} />
);
