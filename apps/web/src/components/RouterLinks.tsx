import { Anchor, type AnchorProps, Button, type ButtonProps, NavLink, type NavLinkProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

/**
 * Mantine's Anchor and Button as typed router links: `to`, `params` and `search` are checked against the route
 * tree (Mantine's polymorphic `component={Link}` loses those types).
 */
type AnchorElementProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'> & AnchorProps;
const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorElementProps>((props, ref) => <Anchor ref={ref} {...props} />);
MantineAnchor.displayName = 'MantineAnchor';
const CreatedAnchorLink = createLink(MantineAnchor);
export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <CreatedAnchorLink preload="intent" {...props} />;

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
